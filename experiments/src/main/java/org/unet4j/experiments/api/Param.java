package org.unet4j.experiments.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One typed, documented parameter of an {@link Experiment}: a name (used as {@code --name} on the command line and
 * as the key in {@code Experiments.run(name, Map.of(...))}), a type, a default, the values it accepts and a
 * description. Create one with {@link #integer}, {@link #real}, {@link #flag}, {@link #choice} or {@link #path}:
 *
 * <pre>{@code
 * static final Param<Integer> EPOCHS = Param.integer("epochs", 20, 1, 10_000, "passes over the training images");
 * static final Param<String> DATASET = Param.choice("dataset", "cells", List.of("cells", "vessels"), "the data");
 * }</pre>
 *
 * @param <T> the Java type of the value: Integer, Double, Boolean or String (choices and paths)
 */
public final class Param<T> {
    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final String domain;
    private final String description;
    private final Function<String, T> parser;
    private final Predicate<T> accepts;
    private final List<String> choices;
    private final Consumer<ParamValues> precondition;

    private Param(String name, Class<T> type, T defaultValue, String domain, String description,
            Function<String, T> parser, Predicate<T> accepts, List<String> choices) {
        this(name, type, defaultValue, domain, description, parser, accepts, choices, values -> { });
    }

    private Param(String name, Class<T> type, T defaultValue, String domain, String description,
            Function<String, T> parser, Predicate<T> accepts, List<String> choices,
            Consumer<ParamValues> precondition) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("parameter name '" + name + "' must be lower-case words joined by '-'"
                    + " (it becomes the option --" + name + ")");
        }
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.domain = domain;
        this.description = Objects.requireNonNull(description, "description");
        this.parser = parser;
        this.accepts = accepts;
        this.choices = choices;
        this.precondition = Objects.requireNonNull(precondition, "precondition");
        if (!accepts.test(defaultValue)) {
            throw new IllegalArgumentException("parameter '" + name + "': the default " + defaultValue
                    + " is not " + domain);
        }
    }

    /** An integer parameter in {@code [min, max]}. */
    public static Param<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new Param<>(name, Integer.class, defaultValue, "an integer in [" + min + ", " + max + "]",
                description, text -> Integer.valueOf(text.trim()), v -> v >= min && v <= max, List.of());
    }

    /** A real parameter in {@code [min, max]} (finite). */
    public static Param<Double> real(String name, double defaultValue, double min, double max, String description) {
        return new Param<>(name, Double.class, defaultValue, "a number in [" + number(min) + ", " + number(max) + "]",
                description, text -> Double.valueOf(text.trim()), v -> v >= min && v <= max, List.of());
    }

    /** A true/false parameter. */
    public static Param<Boolean> flag(String name, boolean defaultValue, String description) {
        return new Param<>(name, Boolean.class, defaultValue, "true or false", description, Param::parseBoolean,
                v -> true, List.of("true", "false"));
    }

    /** A parameter taking one of {@code choices}. */
    public static Param<String> choice(String name, String defaultValue, List<String> choices, String description) {
        List<String> copy = List.copyOf(choices);
        return new Param<>(name, String.class, defaultValue, "one of " + String.join(", ", copy), description,
                String::trim, copy::contains, copy);
    }

    /**
     * A file or folder parameter, empty by default (meaning "none given"); the path is checked where it is used, so
     * that the error can say what the file should hold.
     */
    public static Param<String> path(String name, String description) {
        return new Param<>(name, String.class, "", "a file or folder path (empty: none)", description, String::trim,
                v -> !v.contains("\0"), List.of());
    }

    /**
     * The same parameter with a check of the resolved values that needs more than the value's own domain (a
     * {@code --data} folder must exist and hold a dataset in its {@code --layout}): {@link Experiments} runs it
     * before the run directory is created, and it fails with a {@link ParamException} naming the problem and the
     * fix.
     */
    public Param<T> checkedBy(Consumer<ParamValues> check) {
        return new Param<>(name, type, defaultValue, domain, description, parser, accepts, choices, check);
    }

    /** Runs the check of {@link #checkedBy} on {@code values} (nothing for a parameter without one). */
    void checkBeforeRun(ParamValues values) {
        precondition.accept(values);
    }

    /** The name, e.g. {@code epochs}. */
    public String name() {
        return name;
    }

    /** The value type. */
    public Class<T> type() {
        return type;
    }

    /** The value used when none is given. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The values accepted, in words: "an integer in [1, 100]", "one of cells, vessels". */
    public String domain() {
        return domain;
    }

    /** What the parameter does. */
    public String description() {
        return description;
    }

    /** The accepted values of a choice or flag parameter; empty for numbers. */
    public List<String> choices() {
        return choices;
    }

    /** The short type name shown by {@code unet4j describe}: int, real, flag, choice or path. */
    public String typeName() {
        if (type == Integer.class) {
            return "int";
        }
        if (type == Double.class) {
            return "real";
        }
        if (type == Boolean.class) {
            return "flag";
        }
        return choices.isEmpty() ? "path" : "choice";
    }

    /** Parses command-line text, failing with a {@link ParamException} that names the parameter and its domain. */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw invalid("'" + text + "'");
        }
        return check(value, "'" + text + "'");
    }

    /**
     * Accepts a value given from Java (jshell, tests): an instance of the type, any whole number for an integer
     * parameter, any number for a real one, a {@link java.nio.file.Path} for a path parameter, or text, which is
     * parsed.
     */
    public T accept(Object value) {
        if (value instanceof String text) {
            return parse(text);
        }
        if (value instanceof java.nio.file.Path path && type == String.class && choices.isEmpty()) {
            return parse(path.toString());
        }
        Object converted = value;
        if (type == Double.class && value instanceof Number n) {
            converted = n.doubleValue();
        } else if (type == Integer.class && (value instanceof Long || value instanceof Short || value instanceof Byte)) {
            long whole = ((Number) value).longValue();
            converted = whole == (int) whole ? (Object) (int) whole : value;
        }
        if (!type.isInstance(converted)) {
            throw invalid(value + " (a " + (value == null ? "null" : value.getClass().getSimpleName()) + ")");
        }
        return check(type.cast(converted), String.valueOf(value));
    }

    private T check(T value, String shown) {
        if (value == null || !accepts.test(value)) {
            throw invalid(shown);
        }
        return value;
    }

    private ParamException invalid(String shown) {
        return new ParamException("invalid value " + shown + " for parameter '" + name + "': expected " + domain);
    }

    /** The value as text the way {@link #parse} reads it back. */
    public String format(Object value) {
        return value instanceof Double d ? number(d) : String.valueOf(value);
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(text);
        };
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** {@code epochs (int, default 20): passes over the training images}. */
    @Override
    public String toString() {
        return name + " (" + typeName() + ", default " + format(defaultValue) + "): " + description;
    }
}
