package org.unet4j.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reverse-mode differentiation over the dynamic tape. Ops record a {@link Node} on the tensors they produce when
 * gradients are enabled and an input requires them; {@link #backward} sorts those nodes topologically and applies
 * each backward rule once, in reverse, summing the gradients that meet at a tensor.
 *
 * <p>Grad mode is per thread. Anomaly mode (off by default) makes the first op that produces NaN or infinity,
 * forward or backward, fail with its name.
 */
public final class Autograd {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);
    private static final ThreadLocal<Boolean> IN_BACKWARD_RULE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static volatile boolean detectAnomalies;

    private Autograd() {
    }

    /** Whether ops on this thread record the tape. */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    static void setEnabled(boolean enabled) {
        ENABLED.set(enabled);
    }

    /** Opens a scope without taping, for use with try-with-resources. */
    public static NoGrad noGrad() {
        NoGrad scope = new NoGrad(isEnabled());
        setEnabled(false);
        return scope;
    }

    /**
     * Runs {@code computation} with taping on, even inside a no-grad scope or a backward rule (like
     * {@code torch.enable_grad}), and restores the previous mode. Backward rules that differentiate a computation of
     * their own (an adjoint solve, a recomputed checkpoint segment) tape it this way.
     */
    public static <T> T withGrad(java.util.function.Supplier<T> computation) {
        boolean previous = isEnabled();
        setEnabled(true);
        try {
            return computation.get();
        } finally {
            setEnabled(previous);
        }
    }

    /** Turns NaN/infinity detection on or off for every thread. */
    public static void detectAnomalies(boolean on) {
        detectAnomalies = on;
    }

    /** Whether NaN/infinity detection is on. */
    public static boolean detectsAnomalies() {
        return detectAnomalies;
    }

    /**
     * Records {@code out} as the result of {@code op} applied to {@code inputs}, with the given backward rule, when
     * gradients are enabled and some input requires them; returns {@code out}. This is how every op, built-in or
     * user-defined (a solver with an adjoint backward, say), joins the tape: compute the forward without taping
     * (or on detached inputs), then record it here.
     */
    public static Tensor record(String op, Tensor out, BackwardRule rule, Tensor... inputs) {
        if (detectAnomalies && !IN_BACKWARD_RULE.get()) {
            checkFinite(op, "forward", out);
        }
        if (!isEnabled()) {
            return out;
        }
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad()) {
                out.attach(new Node(op, inputs, rule));
                return out;
            }
        }
        return out;
    }

    /** Backpropagates {@code seed} (same shape as {@code root}) and accumulates into every reachable leaf's grad. */
    public static void backward(Tensor root, Tensor seed) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad: nothing recorded it "
                    + "(call requiresGrad(true) on the inputs, and do not run the forward inside a no-grad scope)");
        }
        propagate(root, seed, null);
    }

    /**
     * Gradients of {@code sum(output * v)} with respect to {@code wrt}, returned without touching any {@code grad}
     * field (like {@code torch.autograd.grad}). A tensor that {@code output} does not depend on gets zeros.
     */
    public static Tensor[] grad(Tensor output, List<Tensor> wrt, Tensor v) {
        Map<Tensor, Tensor> captured = new IdentityHashMap<>();
        for (Tensor t : wrt) {
            captured.put(t, null);
        }
        if (output.requiresGrad()) {
            propagate(output, v, captured);
        }
        Tensor[] out = new Tensor[wrt.size()];
        for (int i = 0; i < out.length; i++) {
            Tensor g = captured.get(wrt.get(i));
            Tensor w = wrt.get(i);
            out[i] = g != null ? g : w.zerosLike();
        }
        return out;
    }

    /**
     * The vector-Jacobian product of {@code f} at {@code inputs}: evaluates {@code y = f(inputs)} on fresh leaves
     * that share the inputs' data and returns {@code y} (detached) with {@code v^T dy/dinput} for every input.
     * Parameters that {@code f} closes over are not differentiated; pass them as inputs, or use {@link #grad}.
     */
    public static Vjp vjp(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor v) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i].detach().requiresGrad(true);
        }
        Tensor y = withGrad(() -> f.apply(leaves));
        Tensor[] grads = grad(y, Arrays.asList(leaves), v);
        return new Vjp(y.detach(), grads);
    }

    /** Result of {@link #vjp}: the function's value and one vector-Jacobian product per input. */
    public record Vjp(Tensor value, Tensor[] gradients) {
        /** The value and each gradient as tensors print themselves (shape and a preview). */
        @Override
        public String toString() {
            return "Vjp[value " + value + ", gradients " + Arrays.toString(gradients) + "]";
        }
    }

    private static void propagate(Tensor root, Tensor seed, Map<Tensor, Tensor> capture) {
        if (!seed.shape().equals(root.shape())) {
            throw new ShapeException("backward: the seed gradient has shape " + seed.shape() + " but the output has "
                    + root.shape() + "; they must be equal");
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        try (NoGrad scope = noGrad()) {
            for (int k = order.size() - 1; k >= 0; k--) {
                Tensor t = order.get(k);
                Tensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                if (capture != null && capture.containsKey(t)) {
                    capture.put(t, g);
                }
                Node node = t.gradFn();
                if (node == null) {
                    if (capture == null) {
                        t.accumulateGrad(g);
                    }
                    continue;
                }
                Tensor[] inputGrads = applyRule(node, g);
                for (int i = 0; i < node.inputs.length; i++) {
                    Tensor in = node.inputs[i];
                    Tensor gi = inputGrads[i];
                    if (in == null || gi == null || !in.requiresGrad()) {
                        continue;
                    }
                    if (!gi.shape().equals(in.shape())) {
                        throw new IllegalStateException("backward of '" + node.op + "' produced a gradient of shape "
                                + gi.shape() + " for input " + i + " of shape " + in.shape() + " (a bug in that op)");
                    }
                    if (detectAnomalies) {
                        checkFinite(node.op, "backward", gi);
                    }
                    grads.merge(in, gi, Tensor::add);
                }
            }
        }
    }

    /**
     * Runs a node's backward rule. The ops inside a rule are its implementation, so anomaly mode does not check them
     * one by one; it checks the gradients the rule returns, under the name of the node's op.
     */
    private static Tensor[] applyRule(Node node, Tensor g) {
        boolean outer = IN_BACKWARD_RULE.get();
        IN_BACKWARD_RULE.set(true);
        try {
            return node.rule.apply(g);
        } finally {
            IN_BACKWARD_RULE.set(outer);
        }
    }

    /** Tensors reachable from {@code root} through recorded nodes, each after all its inputs. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        visited.add(root);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int i = next.pop();
            Node node = t.gradFn();
            Tensor[] inputs = node == null ? new Tensor[0] : node.inputs;
            while (i < inputs.length && (inputs[i] == null || !inputs[i].requiresGrad() || visited.contains(inputs[i]))) {
                i++;
            }
            if (i < inputs.length) {
                next.push(i + 1);
                visited.add(inputs[i]);
                stack.push(inputs[i]);
                next.push(0);
            } else {
                order.add(stack.pop());
            }
        }
        return order;
    }

    /**
     * Bytes of tensor data the tape keeps alive behind {@code root}: every tensor reachable through recorded nodes,
     * counted once. This is the memory a backward pass retains, independent of the garbage collector.
     */
    public static long retainedBytes(Tensor root) {
        long bytes = 0;
        for (Tensor t : topologicalOrder(root)) {
            bytes += (long) t.size() * t.dtype().bytes();
        }
        return bytes;
    }

    private static void checkFinite(String op, String pass, Tensor t) {
        int bad = t.firstNonFinite();
        if (bad >= 0) {
            throw new NumericalAnomalyException("op '" + op + "' produced " + t.toDoubleArray()[bad] + " in its " + pass
                    + " pass at flat index " + bad + " of a tensor of shape " + t.shape()
                    + " (the first non-finite value seen since anomaly detection was turned on)");
        }
    }
}
