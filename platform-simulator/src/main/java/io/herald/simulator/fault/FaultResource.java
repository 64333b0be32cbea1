package io.herald.simulator.fault;

import io.herald.simulator.control.ControlException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Fault injection: add, list and clear faults per endpoint key. */
@Path("/_sim/faults")
public class FaultResource {
  private final FaultService faults;

  FaultResource(FaultService faults) {
    this.faults = faults;
  }

  @POST
  public Response add(FaultRequest request) {
    var rule = faults.add(request);
    return Response.created(URI.create("/_sim/faults/" + rule.id())).entity(rule.view()).build();
  }

  @GET
  public List<FaultRule.View> list() {
    return faults.list();
  }

  @DELETE
  public Response clear() {
    faults.clear();
    return Response.noContent().build();
  }

  @DELETE
  @Path("/{id}")
  public Response remove(@PathParam("id") String id) {
    if (!faults.remove(id)) {
      throw ControlException.notFound("Fault " + id);
    }
    return Response.noContent().build();
  }
}
