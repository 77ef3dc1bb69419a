package org.unet4j.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;

/**
 * A node of a network: it owns named {@link Parameter}s (trained), named {@link Buffer}s (saved but not trained,
 * such as running statistics) and named child modules, and maps one tensor to another in {@link #forward}.
 *
 * <p>Names are dotted paths from the module they are asked of, {@code "encoder.0.conv.weight"}; every listing is in
 * registration order (own parameters, own buffers, then each child in turn), so the same construction gives the
 * same order. A parameter registered under two names (weight tying) is listed once, under its first name.
 *
 * <p>A module is in training mode when created; {@link #train()} and {@link #eval()} switch the whole subtree, which
 * changes what batch norm and dropout do. {@link #to(DType)} converts every parameter and buffer, for instance to
 * float64 for a gradient check; {@link #to(Device)} moves them, for instance to an OpenCL device for training.
 *
 * <p>A subclass registers its state in its constructor and implements {@link #forward}; it may override
 * {@link #describe()} to show its configuration in {@link #toString()}.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes this module's output for {@code input}, recording on the tape when gradients are enabled. */
    public abstract Tensor forward(Tensor input);

    // ---------------------------------------------------------------- registration (for subclasses)

    /** Registers a new trainable parameter initialised to {@code initial}. */
    protected final Parameter registerParameter(String name, Tensor initial) {
        return registerParameter(name, new Parameter(initial));
    }

    /** Registers an existing parameter, which may also belong to another module (weight tying). */
    protected final Parameter registerParameter(String name, Parameter parameter) {
        checkNewName(name);
        parameters.put(name, parameter);
        return parameter;
    }

    /** Registers a non-trainable tensor that is saved with the module's state. */
    protected final Buffer registerBuffer(String name, Tensor initial) {
        checkNewName(name);
        Buffer buffer = new Buffer(initial);
        buffers.put(name, buffer);
        return buffer;
    }

    /** Registers a child module; returns it. */
    protected final <M extends Module> M registerChild(String name, M child) {
        checkNewName(name);
        if (child == this) {
            throw new IllegalArgumentException("a module cannot be its own child ('" + name + "')");
        }
        children.put(name, child);
        return child;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid name in " + getClass().getSimpleName()
                    + ": names must be non-empty and contain no '.' (dots separate the levels of a path)");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has a parameter, buffer or child"
                    + " named '" + name + "'");
        }
    }

    // ---------------------------------------------------------------- the tree

    /** Direct children by name, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** Direct children in registration order. */
    public final List<Module> children() {
        return List.copyOf(children.values());
    }

    /** This module and every descendant, depth first (pre-order), keyed by path ({@code ""} for this module). */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", this, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collectModules(String path, Module m, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(m)) {
            return;
        }
        out.put(path, m);
        m.children.forEach((name, child) -> collectModules(join(path, name), child, out, seen));
    }

    /** Every parameter of the subtree by dotted path, each listed once. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        namedModules().forEach((path, m) -> m.parameters.forEach((name, p) -> {
            if (seen.add(p)) {
                out.put(join(path, name), p);
            }
        }));
        return out;
    }

    /** Every parameter of the subtree, in the order of {@link #namedParameters()}: what an optimizer receives. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer of the subtree by dotted path. */
    public final Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        namedModules().forEach((path, m) -> m.buffers.forEach((name, b) -> out.put(join(path, name), b)));
        return out;
    }

    /** Number of trainable scalars in the subtree (shared parameters counted once). */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) {
            n += p.size();
        }
        return n;
    }

    /** Forgets the gradients of every parameter of the subtree. */
    public final void zeroGrad() {
        namedParameters().values().forEach(Parameter::zeroGrad);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    // ---------------------------------------------------------------- modes and dtypes

    /** Puts the subtree in training mode (batch statistics, active dropout); returns this module. */
    public final Module train() {
        return train(true);
    }

    /** Puts the subtree in evaluation mode (running statistics, no dropout); returns this module. */
    public final Module eval() {
        return train(false);
    }

    /** Sets training mode on the subtree; returns this module. */
    public final Module train(boolean on) {
        namedModules().values().forEach(m -> m.training = on);
        return this;
    }

    /** Whether this module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Converts every parameter and buffer of the subtree to {@code dtype} (values rounded or widened, gradients
     * dropped); returns this module. An optimizer built on {@link #parameters()} keeps working: it holds the
     * parameter slots, not their tensors.
     */
    public final Module to(DType dtype) {
        for (Parameter p : namedParameters().values()) {
            if (p.dtype() != dtype) {
                p.set(p.tensor().detach().to(dtype));
            }
        }
        for (Buffer b : namedBuffers().values()) {
            if (b.dtype() != dtype) {
                b.set(b.tensor().to(dtype));
            }
        }
        return this;
    }

    /**
     * Moves every parameter and buffer of the subtree to {@code device} (values copied, gradients dropped); returns
     * this module. The input of {@link #forward} must then live on the same device. An optimizer built on
     * {@link #parameters()} keeps working, as with {@link #to(DType)}.
     */
    public final Module to(Device device) {
        for (Parameter p : namedParameters().values()) {
            if (p.tensor().device() != device) {
                p.set(p.tensor().detach().to(device));
            }
        }
        for (Buffer b : namedBuffers().values()) {
            if (b.tensor().device() != device) {
                b.set(b.tensor().to(device));
            }
        }
        return this;
    }

    /**
     * The device of the subtree's parameters and buffers, where {@link #forward} wants its input, as PyTorch's
     * {@code next(model.parameters()).device}: {@code net.forward(x.to(net.device()))}. A module without parameters
     * or buffers computes wherever its input lives; for it this is the default device
     * ({@link Device#defaultDevice()}).
     *
     * @throws IllegalStateException when they live on several devices, naming two of them and the fix
     */
    public final Device device() {
        Device device = null;
        String first = null;
        for (Map.Entry<String, Tensor> e : stateDict().entrySet()) {
            Device d = e.getValue().device();
            if (device == null) {
                device = d;
                first = e.getKey();
            } else if (d != device) {
                throw new IllegalStateException(getClass().getSimpleName() + " lives on several devices: '" + first
                        + "' is on " + device + " but '" + e.getKey() + "' is on " + d + "; move the whole module "
                        + "with to(device)");
            }
        }
        return device != null ? device : Device.defaultDevice();
    }

    // ---------------------------------------------------------------- state

    /**
     * The module's state: every parameter and buffer of the subtree by dotted path, in the order of
     * {@link #namedModules()} (within a module: parameters, then buffers). The tensors are the live ones, not copies.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        namedModules().forEach((path, m) -> {
            m.parameters.forEach((name, p) -> {
                if (seen.add(p)) {
                    out.put(join(path, name), p.tensor());
                }
            });
            m.buffers.forEach((name, b) -> out.put(join(path, name), b.tensor()));
        });
        return out;
    }

    /**
     * Copies {@code state} into the module's parameters and buffers, in place (values are converted to each
     * tensor's dtype). The names must be exactly those of {@link #stateDict()} and every shape must agree; otherwise
     * nothing is copied and the exception names the first mismatching tensor with both shapes, then every missing
     * and every unexpected name.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        checkStateDict(state);
        Map<String, Tensor> own = stateDict();
        try (NoGrad scope = Autograd.noGrad()) {
            own.forEach((name, target) -> target.copyFrom(state.get(name)));
        }
    }

    /**
     * Fails as {@link #loadStateDict} would when {@code state} does not fit this module, without changing anything.
     */
    public final void checkStateDict(Map<String, Tensor> state) {
        String mismatch = StateComparison.describeMismatch(stateDict(), state);
        if (mismatch != null) {
            throw new IllegalArgumentException("the state does not fit this " + getClass().getSimpleName() + ": "
                    + mismatch);
        }
    }

    // ---------------------------------------------------------------- printing

    /**
     * This layer's configuration for {@link #toString()}, such as {@code "1 -> 8, kernel 3x3, padding 1"}; empty
     * when there is nothing to show.
     */
    protected String describe() {
        return "";
    }

    /** The class name followed by {@link #describe()} in parentheses when that is not empty. */
    public final String label() {
        String d = describe();
        return getClass().getSimpleName() + (d.isEmpty() ? "" : "(" + d + ")");
    }

    /** The layer tree with each layer's configuration and parameter count, and the total parameter count. */
    @Override
    public String toString() {
        return ModuleTree.format(this);
    }
}
