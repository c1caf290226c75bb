package com.rostergate.local.lambda;

import com.rostergate.local.template.FunctionDefinition;
import com.rostergate.local.template.LocalTemplate;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.function.Function;

/** Builds handler instances from a function's {@code Handler} property, checked when the stack starts. */
public final class TemplateHandlers {

    private TemplateHandlers() {}

    /**
     * A factory for the class named by {@code Handler} ({@code package.Class::handleRequest}), built
     * through its public {@code (Map<String, String> env)} constructor, else the no-argument one.
     */
    public static Function<Map<String, String>, Object> factory(FunctionDefinition function, LocalTemplate template) {
        String path = "Resources." + function.logicalId() + ".Properties.Handler";
        String[] parts = function.handler().split("::", 2);
        if (parts.length == 2 && !parts[1].equals("handleRequest")) {
            throw template.error(
                    path,
                    "method " + parts[1]
                            + ": the local stack calls handleRequest of a RequestHandler or RequestStreamHandler");
        }
        Class<?> type;
        Constructor<?> withEnvironment;
        Constructor<?> noArguments;
        try {
            type = Class.forName(parts[0], false, TemplateHandlers.class.getClassLoader());
            withEnvironment = constructor(type, Map.class);
            noArguments = constructor(type);
        } catch (ClassNotFoundException e) {
            throw template.error(path, "class " + parts[0] + " is not on the classpath");
        } catch (LinkageError e) {
            throw template.error(path, "class " + parts[0] + " cannot be loaded: " + e); // e.g. a stale build
        }
        if (!HandlerAdapter.isHandlerType(type)) {
            throw template.error(path, parts[0] + " implements neither RequestHandler nor RequestStreamHandler");
        }
        if (withEnvironment == null && noArguments == null) {
            throw template.error(
                    path,
                    parts[0] + " has neither a public (Map<String, String> env) nor a public no-argument constructor");
        }
        return environment -> {
            try {
                return withEnvironment != null ? withEnvironment.newInstance(environment) : noArguments.newInstance();
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(
                        path + ": " + parts[0] + " failed to initialise: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(path + ": cannot construct " + parts[0] + ": " + e, e);
            }
        };
    }

    private static Constructor<?> constructor(Class<?> type, Class<?>... parameters) {
        try {
            return type.getConstructor(parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
