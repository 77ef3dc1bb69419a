package org.unet4j.experiments.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.api.ParamException;

/**
 * The values a sweep gives its parameters, parsed from {@code --grid} text: axes separated by ';', each
 * {@code name=v1,v2,...} (a list) or {@code name=low..high} / {@code name=low..high:log} (a range of an int or real
 * parameter, for {@code --random} only). Every name and value is checked against the experiment's {@link Param}s
 * when parsed, so a typo fails before any run starts.
 *
 * <pre>{@code
 * SweepSpace.parse("lr=1e-3,1e-4; model=unet,conv-net", params).grid();    // 4 points
 * SweepSpace.parse("lr=1e-4..1e-2:log; batch=4..16", params).sample(8, 7); // 8 random points
 * }</pre>
 */
public final class SweepSpace {
    private sealed interface Axis permits Values, Range {
        Param<?> param();
    }

    private record Values(Param<?> param, List<String> values) implements Axis {
    }

    /** low and high as doubles; log: sample log-uniformly. */
    private record Range(Param<?> param, double low, double high, boolean log) implements Axis {
    }

    private static final int SAMPLE_ATTEMPTS_PER_POINT = 100;

    private final List<Axis> axes;

    private SweepSpace(List<Axis> axes) {
        this.axes = List.copyOf(axes);
    }

    /** The space with no axes: a sweep of one point, the fixed parameters alone. */
    public static SweepSpace single() {
        return new SweepSpace(List.of());
    }

    /** Parses {@code text} against {@code params}; fails with a {@link ParamException} naming what is wrong. */
    public static SweepSpace parse(String text, List<Param<?>> params) {
        Map<String, Param<?>> byName = new LinkedHashMap<>();
        params.forEach(p -> byName.put(p.name(), p));
        List<Axis> axes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : text.split(";")) {
            String axis = part.trim();
            if (axis.isEmpty()) {
                continue;
            }
            int eq = axis.indexOf('=');
            if (eq <= 0 || eq == axis.length() - 1) {
                throw new ParamException("cannot read '" + axis + "' in --grid: write name=v1,v2 (a list) or"
                        + " name=low..high (a range, with --random), axes separated by ';'");
            }
            String name = axis.substring(0, eq).trim();
            Param<?> param = byName.get(name);
            if (param == null) {
                throw new ParamException("--grid names '" + name + "', which is not a parameter; the parameters are: "
                        + String.join(", ", byName.keySet()));
            }
            if (!seen.add(name)) {
                throw new ParamException("--grid names '" + name + "' twice; give all its values in one axis");
            }
            String spec = axis.substring(eq + 1).trim();
            axes.add(spec.contains("..") ? range(param, spec) : values(param, spec));
        }
        if (axes.isEmpty()) {
            throw new ParamException("--grid '" + text + "' has no axes: write e.g. 'lr=1e-3,1e-4; batch=4,8'");
        }
        return new SweepSpace(axes);
    }

    private static Values values(Param<?> param, String spec) {
        List<String> values = new ArrayList<>();
        for (String v : spec.split(",")) {
            String canonical = param.format(param.parse(v.trim()));
            if (values.contains(canonical)) {
                throw new ParamException("--grid gives " + param.name() + " = " + canonical + " twice");
            }
            values.add(canonical);
        }
        return new Values(param, values);
    }

    private static Range range(Param<?> param, String spec) {
        boolean log = spec.endsWith(":log");
        String body = log ? spec.substring(0, spec.length() - 4) : spec;
        String[] ends = body.split("\\.\\.", -1);
        if (ends.length != 2 || !(param.type() == Integer.class || param.type() == Double.class)) {
            throw new ParamException("--grid range '" + param.name() + "=" + spec + "': a range is low..high or"
                    + " low..high:log of an int or real parameter; " + param.name() + " is " + param.domain()
                    + (param.choices().isEmpty() ? "" : ": list its values instead, e.g. " + param.name() + "="
                    + String.join(",", param.choices())));
        }
        double low = ((Number) param.parse(ends[0])).doubleValue();
        double high = ((Number) param.parse(ends[1])).doubleValue();
        if (!(low < high)) {
            throw new ParamException("--grid range " + param.name() + "=" + spec + " is empty: low must be below high");
        }
        if (log && low <= 0) {
            throw new ParamException("--grid range " + param.name() + "=" + spec + ": a log range needs low > 0");
        }
        return new Range(param, low, high, log);
    }

    /** The names of the swept parameters, in the order given. */
    public List<String> names() {
        return axes.stream().map(a -> a.param().name()).toList();
    }

    /** Whether an axis is a range (then only {@link #sample} applies). */
    public boolean hasRanges() {
        return axes.stream().anyMatch(a -> a instanceof Range);
    }

    /** Every combination of the listed values, the last axis varying fastest; name to value as text. */
    public List<Map<String, String>> grid() {
        if (hasRanges()) {
            throw new ParamException("--grid has a range (low..high): ranges are sampled, so add --random N, or list"
                    + " the values (name=v1,v2,...)");
        }
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Axis axis : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> point : points) {
                for (String v : ((Values) axis).values()) {
                    Map<String, String> extended = new LinkedHashMap<>(point);
                    extended.put(axis.param().name(), v);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }

    /**
     * {@code count} distinct points drawn from {@code seed}: a list axis uniformly among its values, a range
     * uniformly (or log-uniformly with {@code :log}) between its ends, reals rounded to 3 significant digits.
     */
    public List<Map<String, String>> sample(int count, long seed) {
        if (count < 1) {
            throw new ParamException("--random needs 1 or more points, got " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Set<Map<String, String>> points = new LinkedHashSet<>();
        for (int attempt = 0; points.size() < count && attempt < SAMPLE_ATTEMPTS_PER_POINT * count; attempt++) {
            Map<String, String> point = new LinkedHashMap<>();
            for (Axis axis : axes) {
                point.put(axis.param().name(), draw(axis, random));
            }
            points.add(point);
        }
        if (points.size() < count) {
            throw new ParamException("--random " + count + ": the grid holds only " + points.size() + " distinct"
                    + " points; ask for fewer, or widen the ranges");
        }
        return new ArrayList<>(points);
    }

    private static String draw(Axis axis, SplittableRandom random) {
        if (axis instanceof Values v) {
            return v.values().get(random.nextInt(v.values().size()));
        }
        Range r = (Range) axis;
        boolean integer = r.param().type() == Integer.class;
        double high = integer ? r.high() + 1 : r.high();
        double u = random.nextDouble();
        double x = r.log() ? Math.exp(Math.log(r.low()) + u * (Math.log(high) - Math.log(r.low())))
                : r.low() + u * (high - r.low());
        if (integer) {
            return r.param().format((int) Math.min(Math.floor(x), r.high()));
        }
        double rounded = Double.parseDouble(String.format(Locale.ROOT, "%.3g", x));
        return r.param().format(Math.max(r.low(), Math.min(r.high(), rounded)));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Axis a : axes) {
            parts.add(a instanceof Values v ? a.param().name() + "=" + String.join(",", v.values())
                    : a.param().name() + "=" + a.param().format(((Range) a).low()) + ".."
                    + a.param().format(((Range) a).high()) + (((Range) a).log() ? ":log" : ""));
        }
        return String.join("; ", parts);
    }
}
