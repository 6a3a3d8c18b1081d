package dev.dl4jlessons.exercises;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Locale;

/** The student's compiled exercise class, called by reflection so that a changed signature is a message, not a crash. */
public final class Student {
    private final Class<?> type;
    private final java.util.function.Supplier<ClassLoader> variantLoader;

    Student(Class<?> type, java.util.function.Supplier<ClassLoader> variantLoader) {
        this.type = type;
        this.variantLoader = variantLoader;
    }

    /**
     * The student's class loaded again beside the exercise's {@link Exercise#variants()}: the same code, calling the
     * replaced classes instead of the student's own.
     */
    public Student variant() throws CheckFailure {
        try {
            return new Student(Class.forName(type.getName(), true, variantLoader.get()), variantLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CheckFailure(type.getSimpleName(), null, null, "the class could not be loaded: " + describe(e));
        }
    }

    /** The student's class. */
    public Class<?> type() {
        return type;
    }

    /**
     * Calls the public static method {@code name} with {@code args}.
     *
     * @throws CheckFailure "not done yet" for an untouched body, or naming the exception the code threw
     */
    @SuppressWarnings("unchecked")
    public <T> T call(String name, Class<?>[] types, Object... args) throws CheckFailure {
        Method method;
        try {
            method = type.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new CheckFailure(signature(name, types), null, null, "the method is missing or its signature "
                    + "changed; keep the signature the file came with (git checkout -- the file to see it again)");
        }
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new CheckFailure(signature(name, types), null, null, "keep the method static");
        }
        try {
            return (T) method.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnsupportedOperationException && "not done yet".equals(cause.getMessage())) {
                throw CheckFailure.notDone(signature(name, types));
            }
            throw new CheckFailure(signature(name, types), null, null, "your code threw " + describe(cause));
        } catch (IllegalAccessException e) {
            throw new CheckFailure(signature(name, types), null, null, "make the class and the method public");
        }
    }

    /**
     * The component {@code name} of a record the student's code returned.
     *
     * @param declaration the record as the exercise file declares it, for the hint
     * @throws CheckFailure when the record lost that component
     */
    public static Object component(Object record, String name, String declaration) throws CheckFailure {
        try {
            return record.getClass().getMethod(name).invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new CheckFailure(record.getClass().getSimpleName() + "." + name + "()", null, null,
                    "keep the record as the file gave it: " + declaration);
        }
    }

    /** An exception as one line, with the student's file and line where it came from. */
    static String describe(Throwable t) {
        String where = Arrays.stream(t.getStackTrace())
                .filter(f -> f.getClassName().startsWith("exercises."))
                .findFirst().map(f -> " at " + f.getFileName() + ":" + f.getLineNumber()).orElse("");
        String message = t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("");
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return t.getClass().getSimpleName() + message + where;
    }

    private String signature(String name, Class<?>[] types) {
        return type.getSimpleName() + "." + name + "(" + String.join(", ",
                Arrays.stream(types).map(Class::getSimpleName).toList()) + ")";
    }

    /** Formats a call's description in {@code Locale.ROOT}. */
    public static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
