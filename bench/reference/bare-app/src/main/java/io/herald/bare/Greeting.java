package io.herald.bare;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;

/** The one entity, so that Hibernate ORM starts as it does in Herald's services. */
@Entity
public class Greeting extends PanacheEntity {
  public String text;
}
