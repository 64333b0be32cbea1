package io.herald.publisher.ledger;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
class PublishAttemptRepository implements PanacheRepositoryBase<PublishAttempt, UUID> {}
