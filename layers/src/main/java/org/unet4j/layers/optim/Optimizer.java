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
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.OptimizerKernels;
import org.unet4j.autodiff.Shape;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Parameter;

/**
 * Updates a fixed list of parameters from their gradients. {@link #step()} visits the parameters in order, skips
 * those whose gradient is null (no backward pass reached them) and lets the subclass update each one's data in
 * place, without recording on the tape, through one fused primitive of the parameter's backend
 * ({@link OptimizerKernels}): a parameter on an OpenCL device is updated there, its gradient and state never leave it.
 *
 * <p>Per-parameter state lives in named <em>slots</em>, created on a parameter's first update: element buffers
 * (momentum, moment estimates; {@link #buffer}) are tensors of the parameter's shape on its device, in float64 on the
 * host and in the parameter's type on another device (whose kernels read one type at a time), and counters (step
 * counts; {@link #slot}) are float64 host scalars. On the host the update is in double precision, as it always was;
 * on an OpenCL device in the parameter's type. {@link #stateDict()} exposes the slots as {@code "param.<i>.<slot>"},
 * with {@code i} the parameter's index in the list, together with the current learning rate under {@code "lr"}; a
 * checkpoint saves that map and {@link #loadStateDict} restores it onto the parameters' devices.
 */
public abstract class Optimizer {
    private static final Pattern SLOT_KEY = Pattern.compile("param\\.(\\d+)\\.(\\w+)");
    private static final String LR_KEY = "lr";

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
                if (grad.device() != value.device()) {
                    throw new IllegalStateException(getClass().getSimpleName() + ": parameter " + i + " is on "
                            + value.device() + " but its gradient on " + grad.device() + "; move the module with "
                            + "to(device) before the forward pass, not between backward and step");
                }
                update(i, value, grad);
            }
        }
    }

    /**
     * Updates {@code value}, parameter {@code index}, in place from {@code grad} (on value's device). Runs without
     * taping; use one primitive of {@link #kernels(Tensor)} for the elementwise arithmetic, {@link #buffer} and
     * {@link #slot} for the state.
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

    /** The fused updates of {@code value}'s backend. */
    protected static OptimizerKernels kernels(Tensor value) {
        return value.device().backend().optimizer();
    }

    /** Whether parameter {@code index} already has the slot {@code name}. */
    protected final boolean hasSlot(int index, String name) {
        return slots.get(index).containsKey(name);
    }

    /**
     * Whether slot {@code name} is a counter kept on the host ({@link #slot}) rather than an element buffer on the
     * parameter's device ({@link #buffer}); none by default.
     */
    protected boolean isCounter(String name) {
        return false;
    }

    /** The float64 host storage of the counter slot {@code name} of parameter {@code index}, zeros at first. */
    protected final double[] slot(int index, String name) {
        return slots.get(index).computeIfAbsent(name, n -> Tensor.wrap(new double[slotShapeOf(index, n).size()],
                slotShapeOf(index, n))).doubles();
    }

    /**
     * The element buffer {@code name} of parameter {@code index}, whose value is {@code value}: zeros at first, on
     * value's device, in float64 on the host and in value's type elsewhere.
     */
    protected final Tensor buffer(int index, String name, Tensor value) {
        return slots.get(index).computeIfAbsent(name,
                n -> Device.withDefault(value.device(), () -> Tensor.zeros(bufferType(value), slotShapeOf(index, n)
                        .dims())));
    }

    /** The type of a parameter's element buffers: float64 on the host, the parameter's own on another device. */
    private static DType bufferType(Tensor value) {
        return value.device() == Device.CPU ? DType.FLOAT64 : value.dtype();
    }

    private Shape slotShapeOf(int index, String name) {
        Shape shape = slotShape(name, parameters.get(index).shape());
        if (shape == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no slot named '" + name + "'");
        }
        return shape;
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
            loaded.get(index).put(m.group(2), e.getValue().detach().to(Device.CPU).toFloat64());
        }
        Tensor lr = state.get(LR_KEY);
        if (lr != null) {
            setLearningRate(lr.item());
        }
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).clear();
            Tensor value = parameters.get(i).tensor();
            for (Map.Entry<String, Tensor> e : loaded.get(i).entrySet()) {
                Tensor saved = e.getValue();
                Tensor copy = isCounter(e.getKey()) ? Tensor.wrap(new double[saved.size()], saved.shape())
                        : buffer(i, e.getKey(), value);
                slots.get(i).put(e.getKey(), copy.copyFrom(saved));
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
