package io.herald.auth.tenant;

import io.herald.auth.audit.AuditLog;
import io.herald.auth.audit.AuditType;
import io.herald.common.problem.Problem;
import io.herald.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.UUID;

/** The caller's tenant and its settings. */
@ApplicationScoped
public class TenantService {
  private final TenantRepository tenants;
  private final AuditLog audit;

  TenantService(TenantRepository tenants, AuditLog audit) {
    this.tenants = tenants;
    this.audit = audit;
  }

  public TenantView get(UUID tenantId) {
    return view(find(tenantId));
  }

  @Transactional
  public TenantView update(UUID tenantId, String actor, UpdateTenantRequest request) {
    var origins = new LinkedHashSet<String>();
    var errors = new ArrayList<Problem.FieldError>();
    for (int i = 0; i < request.returnUrlAllowlist().size(); i++) {
      String entry = request.returnUrlAllowlist().get(i);
      var origin = ReturnUrls.origin(entry);
      if (origin.isEmpty()) {
        errors.add(new Problem.FieldError("returnUrlAllowlist[" + i + "]",
            "must be an origin such as https://app.example.com (http only for localhost)"));
      } else {
        origins.add(origin.get());
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    var tenant = tenants.lock(tenantId);
    if (tenant == null) {
      throw ProblemException.notFound("The tenant");
    }
    String before = tenant.returnUrlAllowlist;
    tenant.returnUrlAllowlist = String.join(" ", origins);
    if (!tenant.returnUrlAllowlist.equals(before)) {
      audit.record(AuditType.TENANT_SETTINGS_CHANGED, tenantId, actor, "tenant " + tenantId,
          "returnUrlAllowlist: " + (tenant.returnUrlAllowlist.isEmpty() ? "(none)" : tenant.returnUrlAllowlist));
    }
    return view(tenant);
  }

  private Tenant find(UUID tenantId) {
    var tenant = tenants.findById(tenantId);
    if (tenant == null) {
      throw ProblemException.notFound("The tenant");
    }
    return tenant;
  }

  private static TenantView view(Tenant tenant) {
    return new TenantView(tenant.id, tenant.name, tenant.allowlist());
  }
}
