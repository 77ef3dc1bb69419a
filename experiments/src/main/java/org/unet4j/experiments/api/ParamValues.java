package org.unet4j.experiments.api;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The resolved value of every parameter of an experiment: the given ones, validated, and the defaults for the rest.
 * Read them typed with {@link #get(Param)}.
 */
public final class ParamValues {
    private final List<Param<?>> params;
    private final Map<String, Object> values;

    private ParamValues(List<Param<?>> params, Map<String, Object> values) {
        this.params = params;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Resolves {@code given} (name to value, values as {@link Param#accept} takes them) against {@code params}. An
     * unknown name fails listing the parameters there are, the nearest first; an invalid value fails naming its
     * domain.
     */
    public static ParamValues resolve(String experiment, List<Param<?>> params, Map<String, ?> given) {
        Map<String, Param<?>> byName = new LinkedHashMap<>();
        params.forEach(p -> {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException("experiment '" + experiment + "' declares parameter '" + p.name()
                        + "' twice");
            }
        });
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new ParamException(unknownMessage(experiment, name, byName.keySet().stream().toList()));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param<?> p : params) {
            Object value = given.containsKey(p.name()) ? p.accept(given.get(p.name())) : p.defaultValue();
            values.put(p.name(), value);
        }
        return new ParamValues(List.copyOf(params), values);
    }

    private static String unknownMessage(String experiment, String name, List<String> known) {
        if (known.isEmpty()) {
            return "experiment '" + experiment + "' has no parameters, so '" + name + "' is not accepted";
        }
        List<String> nearest = known.stream()
                .sorted(Comparator.comparingInt(k -> editDistance(k, name)))
                .toList();
        String suggestion = editDistance(nearest.get(0), name) <= Math.max(2, name.length() / 3)
                ? " Did you mean '" + nearest.get(0) + "'?" : "";
        return "experiment '" + experiment + "' has no parameter '" + name + "'." + suggestion + " Its parameters are: "
                + String.join(", ", known) + " (see ./unet4j describe " + experiment + ").";
    }

    /** The number of single-character edits that turn {@code a} into {@code b} (Levenshtein). */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The value of {@code param}, which must be one of the experiment's parameters. */
    public <T> T get(Param<T> param) {
        Object value = values.get(param.name());
        if (value == null || !params.contains(param)) {
            throw new IllegalArgumentException("'" + param.name() + "' is not a parameter of this experiment");
        }
        return param.type().cast(value);
    }

    /** Runs every parameter's {@link Param#checkedBy check} on these values, in declaration order. */
    public void checkBeforeRun() {
        params.forEach(p -> p.checkBeforeRun(this));
    }

    /** Every value by parameter name, in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Every value as the text {@link Param#parse} reads back, by name: what config.json and resuming use. */
    public Map<String, String> asText() {
        return params.stream().collect(Collectors.toMap(Param::name, p -> p.format(values.get(p.name())),
                (a, b) -> a, LinkedHashMap::new));
    }

    @Override
    public String toString() {
        return asText().toString();
    }
}
