package io.herald.common.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes the JSON body of every REST client request Herald sends (to Facebook, TikTok, auth-service) with the
 * application's {@code ObjectMapper}, as Quarkus's own client writer does, but without its per-request search for a
 * {@code @JsonView}: in Quarkus 3.33.2 that writer reads the annotations of every parameter of the invoked interface
 * method on each request, and the JDK parses them anew each time. In the worker's drain that was 3 % of its CPU and
 * 13 % of all it allocated ({@code docs/benchmarks.md}, "The worker's request bodies, its Graph addresses and its
 * young generation"). Herald's clients use no JSON views. An application provider is chosen over the built-in one
 * for the same type and media type.
 */
@Provider
@ConstrainedTo(RuntimeType.CLIENT)
@Produces(MediaType.APPLICATION_JSON)
@Priority(Priorities.USER)
public class JsonRequestBodies implements MessageBodyWriter<Object> {
  private final ObjectWriter writer;

  public JsonRequestBodies(ObjectMapper mapper) {
    this.writer = mapper.writer();
  }

  /** Text (a body already written) is left to the built-in text writer; everything else is written as JSON. */
  @Override
  public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return !CharSequence.class.isAssignableFrom(type);
  }

  @Override
  public void writeTo(Object body, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
      MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
    out.write(writer.writeValueAsBytes(body));
  }
}
