package io.herald.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * No JSON string Herald reads may hold a NUL character: PostgreSQL cannot store one in text, so it would fail the
 * write with a 500 long after validation. Refused while the body is read instead, as any other unreadable value:
 * a 400 problem naming the field ({@link ProblemMappers}).
 */
@Singleton
public class NoNulInJson implements ObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(new SimpleModule("herald-no-nul").addDeserializer(String.class, new Strings()));
  }

  private static final class Strings extends StdScalarDeserializer<String> {
    Strings() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      String value = StringDeserializer.instance.deserialize(parser, context);
      if (value != null && value.indexOf('\0') >= 0) {
        throw context.weirdStringException(value, String.class, "contains a NUL character");
      }
      return value;
    }
  }
}
