package org.unet4j.layers.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.parallel.Parallel;
import org.unet4j.layers.Parameter;

/**
 * Updates a fixed list of parameters from their gradients. {@link #step()} visits the parameters in order, skips
 * those whose gradient is null (no backward pass reached them) and lets the subclass update each one's data in
 * place, without recording on the tape.
 *
 * <p>A parameter on another device (an OpenCL device) is updated through the host: its value and gradient are
 * copied to host memory, updated there by the same double-precision rule as a CPU parameter, and the new value is
 * copied back. That costs three transfers of the parameter's size per step, small next to the forward and backward
 * passes of a convolutional network (whose activations are far larger than its weights), and keeps the update, the
 * slots and {@link #stateDict()} identical on every device.
 *
 * <p>Per-parameter state (momentum buffers, moment estimates, step counts) lives in named float64 <em>slots</em>,
 * created on a parameter's first update. {@link #stateDict()} exposes them as {@code "param.<i>.<slot>"}, with
 * {@code i} the parameter's index in the list, together with the current learning rate under {@code "lr"}; a
 * checkpoint saves that map and {@link #loadStateDict} restores it.
 */
public abstract class Optimizer {
    private static final Pattern SLOT_KEY = Pattern.compile("param\\.(\\d+)\\.(\\w+)");
    private static final String LR_KEY = "lr";
    /** Fewest elements {@link #updateEach} hands to one task of the CPU pool. */
    private static final int UPDATE_GRAIN = 1 << 15;

    private final List<Parameter> parameters;
    private final List<Map<String, Tensor>> slots;
    private double learningRate;

    /** An optimizer of {@code parameters} (non-empty, no duplicates) with the given initial learning rate. */
    protected Optimizer(List<Parameter> parameters, double learningRate) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " got an empty parameter list");
        }
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < parameters.size(); i++) {
            if (!seen.add(parameters.get(i))) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i
                        + " appears twice in the list; each parameter must be optimised once");
            }
        }
        this.parameters = List.copyOf(parameters);
        this.slots = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            slots.add(new LinkedHashMap<>());
        }
        setLearningRate(learningRate);
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        try (NoGrad scope = Autograd.noGrad()) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor value = parameters.get(i).tensor();
                Tensor grad = parameters.get(i).grad();
                if (grad == null) {
                    continue;
                }
                if (value.device() == Device.CPU) {
                    update(i, value, grad);
                } else {
                    Tensor host = value.to(Device.CPU);
                    update(i, host, grad.to(Device.CPU));
                    value.copyFrom(host);
                }
            }
        }
    }

    /**
     * Updates {@code value}, parameter {@code index}, in place from {@code grad}. Runs without taping; use
     * {@link #updateEach} for the elementwise arithmetic and {@link #slot} for the state.
     */
    protected abstract void update(int index, Tensor value, Tensor grad);

    /**
     * The shape of the slot {@code name} for a parameter of shape {@code parameterShape}, or null when this optimizer
     * has no such slot. Used to create slots and to validate a loaded state.
     */
    protected abstract Shape slotShape(String name, Shape parameterShape);

    /** Forgets the gradients of every parameter. */
    public final void zeroGrad() {
        parameters.forEach(Parameter::zeroGrad);
    }

    /** The parameters, in the order of their indices in {@link #stateDict()}. */
    public final List<Parameter> parameters() {
        return parameters;
    }

    /** The learning rate the next {@link #step()} uses. */
    public final double learningRate() {
        return learningRate;
    }

    /** Sets the learning rate (finite, >= 0); schedules call this between steps. */
    public final void setLearningRate(double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": the learning rate must be finite and "
                    + ">= 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    // ---------------------------------------------------------------- slots

    /** Whether parameter {@code index} already has the slot {@code name}. */
    protected final boolean hasSlot(int index, String name) {
        return slots.get(index).containsKey(name);
    }

    /** The float64 storage of slot {@code name} of parameter {@code index}, created as zeros on first use. */
    protected final double[] slot(int index, String name) {
        return slots.get(index).computeIfAbsent(name, n -> {
            Shape shape = slotShape(n, parameters.get(index).shape());
            if (shape == null) {
                throw new IllegalStateException(getClass().getSimpleName() + " has no slot named '" + n + "'");
            }
            return Tensor.wrap(new double[shape.size()], shape);
        }).doubles();
    }

    /** The new value of one element from its old value {@code p} and gradient {@code g}. */
    @FunctionalInterface
    protected interface ElementUpdate {
        /**
         * Element {@code i}'s new value; may also update slot entries at {@code i}, but nothing shared by other
         * elements, since elements of host tensors are updated in parallel.
         */
        double apply(int i, double p, double g);
    }

    /**
     * {@code value[i] = rule(i, value[i], grad[i])} for every element, in double precision; host arrays are split
     * over the CPU pool in chunks of {@value #UPDATE_GRAIN} elements (each element's result is independent of the
     * split).
     */
    protected static void updateEach(Tensor value, Tensor grad, ElementUpdate rule) {
        int n = value.size();
        Object v = value.storage();
        Object g = grad.storage();
        if (v instanceof float[] vf && g instanceof float[] gf) {
            Parallel.forRange(n, UPDATE_GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    vf[i] = (float) rule.apply(i, vf[i], gf[i]);
                }
            });
        } else if (v instanceof double[] vd && g instanceof double[] gd) {
            Parallel.forRange(n, UPDATE_GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    vd[i] = rule.apply(i, vd[i], gd[i]);
                }
            });
        } else {
            for (int i = 0; i < n; i++) {
                value.flatSet(i, rule.apply(i, value.flatGet(i), grad.flatGet(i)));
            }
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * The learning rate ({@code "lr"}, a float64 scalar) and every slot ({@code "param.<i>.<slot>"}). The slot
     * tensors are the live ones, not copies.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(LR_KEY, Tensor.wrap(new double[] {learningRate}, Shape.of()));
        for (int i = 0; i < slots.size(); i++) {
            for (Map.Entry<String, Tensor> e : slots.get(i).entrySet()) {
                out.put("param." + i + "." + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * Replaces the learning rate (when {@code "lr"} is present) and every slot with copies of those in
     * {@code state}. Every other name must be {@code "param.<i>.<slot>"} with a valid index, a slot this optimizer
     * has and the slot's shape; otherwise nothing changes and the exception names the offending entry.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        List<Map<String, Tensor>> loaded = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            loaded.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            if (e.getKey().equals(LR_KEY)) {
                continue;
            }
            Matcher m = SLOT_KEY.matcher(e.getKey());
            if (!m.matches()) {
                throw misfit("unexpected entry '" + e.getKey() + "'");
            }
            int index = Integer.parseInt(m.group(1));
            if (index >= parameters.size()) {
                throw misfit("entry '" + e.getKey() + "' refers to parameter " + index + ", but there are only "
                        + parameters.size());
            }
            Shape expected = slotShape(m.group(2), parameters.get(index).shape());
            if (expected == null) {
                throw misfit("entry '" + e.getKey() + "': " + getClass().getSimpleName() + " has no slot named '"
                        + m.group(2) + "'");
            }
            if (!expected.equals(e.getValue().shape())) {
                throw misfit("entry '" + e.getKey() + "' has shape " + e.getValue().shape() + " but parameter "
                        + index + " needs " + expected);
            }
            loaded.get(index).put(m.group(2), e.getValue().detach().toFloat64().to(Device.CPU));
        }
        Tensor lr = state.get(LR_KEY);
        if (lr != null) {
            setLearningRate(lr.item());
        }
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).clear();
            for (Map.Entry<String, Tensor> e : loaded.get(i).entrySet()) {
                Tensor copy = Tensor.wrap(new double[e.getValue().size()], e.getValue().shape());
                slots.get(i).put(e.getKey(), copy.copyFrom(e.getValue()));
            }
        }
    }

    /** {@code value} in its shortest exact decimal form, for {@code toString()}: 0.001, 0.9, 1E-8, 0. */
    protected static String number(double value) {
        return Double.isFinite(value) ? java.math.BigDecimal.valueOf(value).stripTrailingZeros().toString()
                : Double.toString(value);
    }

    private IllegalArgumentException misfit(String detail) {
        return new IllegalArgumentException("the state does not fit this " + getClass().getSimpleName() + " of "
                + parameters.size() + " parameters: " + detail);
    }
}
