package com.rostergate.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls one handler instance the way the Java Lambda runtime does: a {@link RequestStreamHandler}
 * gets the event's JSON bytes; a {@link RequestHandler} gets an object deserialized from them by
 * aws-lambda-java-serialization, and its result is serialized back to JSON the same way.
 */
final class HandlerAdapter {

    private static final Map<Class<?>, PojoSerializer<Object>> SERIALIZERS = new ConcurrentHashMap<>();
    private static final byte[] JSON_NULL = "null".getBytes(StandardCharsets.UTF_8);

    private final Object handler;
    private final Class<?> inputType;

    private HandlerAdapter(Object handler, Class<?> inputType) {
        this.handler = handler;
        this.inputType = inputType;
    }

    static HandlerAdapter of(Object handler) {
        if (handler instanceof RequestStreamHandler) {
            return new HandlerAdapter(handler, null);
        }
        if (handler instanceof RequestHandler) {
            return new HandlerAdapter(handler, inputType(handler.getClass()));
        }
        throw new IllegalArgumentException(
                handler.getClass().getName() + " implements neither RequestHandler nor RequestStreamHandler");
    }

    static boolean isHandlerType(Class<?> type) {
        return RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type);
    }

    @SuppressWarnings("unchecked")
    byte[] handle(byte[] event, Context context) throws Exception {
        if (inputType == null) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(event), output, context);
            return output.toByteArray();
        }
        Object input = serializer(inputType).fromJson(new ByteArrayInputStream(event));
        Object result = ((RequestHandler<Object, Object>) handler).handleRequest(input, context);
        if (result == null) {
            return JSON_NULL;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        serializer(result.getClass()).toJson(result, output);
        return output.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type) {
        return SERIALIZERS.computeIfAbsent(type, t -> (PojoSerializer<Object>)
                LambdaEventSerializers.serializerFor(t, HandlerAdapter.class.getClassLoader()));
    }

    /**
     * The {@code I} of {@code RequestHandler<I, O>}, read from the class's generic declaration, as the
     * runtime does; a lambda expression has none and gets the JSON as plain maps and lists.
     */
    private static Class<?> inputType(Class<?> type) {
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            for (Type implemented : current.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == RequestHandler.class) {
                    Type input = parameterized.getActualTypeArguments()[0];
                    if (input instanceof Class<?> inputClass) {
                        return inputClass;
                    }
                    if (input instanceof ParameterizedType generic) {
                        return (Class<?>) generic.getRawType();
                    }
                }
            }
        }
        return Object.class;
    }
}
