package ai.synapses.transcribe.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps AWS's field names on the API Gateway events in the Lambda build (-Plambda).
 * <p>
 * The Lambda runtime of Quarkus reads the API Gateway event and writes the response with a copy of the
 * application's ObjectMapper, and this API's mapper names properties in snake_case. Without this, the
 * event's {@code requestContext} would be looked for as {@code request_context} ("Missing HTTP method in
 * request event") and the response's {@code statusCode} written as {@code status_code}, which API Gateway
 * does not read. A mix-in with Jackson's default (lower camel case) naming on the event classes keeps
 * AWS's names there and snake_case everywhere else.
 * <p>
 * The classes come with {@code quarkus-amazon-lambda-http}, which only the Lambda build has: they are
 * looked up by name, so the plain HTTP build carries no dependency on them.
 */
@Singleton
public class LambdaEventNaming implements ObjectMapperCustomizer {

    static final String[] EVENT_CLASSES = {
            "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent",
            "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse",
    };

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    abstract static class AwsNames {
    }

    @Override
    public void customize(ObjectMapper mapper) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : EVENT_CLASSES) {
            Class<?> root;
            try {
                root = Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                continue; // the plain HTTP build
            }
            // the event and its nested types (request context, http, authorizer, ...)
            Deque<Class<?>> pending = new ArrayDeque<>();
            pending.push(root);
            while (!pending.isEmpty()) {
                Class<?> type = pending.pop();
                mapper.addMixIn(type, AwsNames.class);
                for (Class<?> nested : type.getDeclaredClasses()) {
                    pending.push(nested);
                }
            }
        }
    }
}
