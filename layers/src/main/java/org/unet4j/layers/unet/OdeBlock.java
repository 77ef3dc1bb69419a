package org.unet4j.layers.unet;

import java.util.Optional;
import org.unet4j.layers.Module;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.blocks.AugmentedDynamicBlock;
import org.unet4j.layers.unet.blocks.DynamicBlock;
import org.unet4j.layers.unet.blocks.FirstOrderOdeBlock;
import org.unet4j.layers.unet.blocks.OdeSettings;
import org.unet4j.solvers.ode.Gradients;
import org.unet4j.solvers.ode.OdeOptions;

/**
 * A neural-ODE block (FO, DB, or the reference code's augmented variant) with its solver options, end time T and the
 * form of its field. Immutable: {@link #withGradients}, {@link #endTime(double)}, {@link #checkpointEvery(int)},
 * {@link #timeDependent(boolean)} and {@link #signedField(Activation)} return copies. ODE blocks keep their state's
 * size, so they need SAME padding.
 *
 * <p>Whether the field reads t: FO's does by default (x' = f(t, x), t a channel of its first convolution), DB's
 * does not (x'' = f(x, x'), as the authors' released code); {@code timeDependent(true)} gives DB the paper's
 * x'' = f(x, x', t) with t a channel of every convolution of f, {@code timeDependent(false)} makes FO autonomous.
 * A signed DB field ({@link #signedField(Activation)}) lets x'' and x'(0) take either sign. Only a non-default
 * field shows in {@link #toString()}.
 */
public final class OdeBlock implements Block {
    /** Which ODE the block integrates. */
    public enum Kind {
        /** FO: x' = f(t, x), {@link FirstOrderOdeBlock}. */
        FIRST_ORDER("FO"),
        /** DB: x'' = f(x, x'), x'(0) = g(x(0)), {@link DynamicBlock}. */
        SECOND_ORDER("DB"),
        /** The released code's augmented first-order form of DB, {@link AugmentedDynamicBlock}. */
        REFERENCE_AUGMENTED("DB-ref");

        private final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    private final Kind kind;
    private final OdeOptions options;
    private final double endTime;
    private final boolean timeDependent;
    private final Activation signedLast;

    OdeBlock(Kind kind, OdeOptions options, double endTime) {
        this(kind, options, endTime, kind == Kind.FIRST_ORDER, null);
    }

    private OdeBlock(Kind kind, OdeOptions options, double endTime, boolean timeDependent, Activation signedLast) {
        this.kind = kind;
        this.options = options;
        this.endTime = endTime;
        this.timeDependent = timeDependent;
        this.signedLast = signedLast;
        settings();
    }

    /** The ODE this block integrates. */
    public Kind kind() {
        return kind;
    }

    /** The solver options. */
    public OdeOptions options() {
        return options;
    }

    /** The end time T of the interval [0, T]. */
    public double endTime() {
        return endTime;
    }

    /** The same block integrating over [0, T]. */
    public OdeBlock endTime(double t) {
        return new OdeBlock(kind, options, t, timeDependent, signedLast);
    }

    /** Whether the field reads the time t (FO: yes by default; DB: no by default). */
    public boolean timeDependent() {
        return timeDependent;
    }

    /**
     * The same block whose field reads t ({@code true}) or not: FO and DB only; the reference code's augmented
     * variant stays autonomous.
     */
    public OdeBlock timeDependent(boolean readsTime) {
        if (kind == Kind.REFERENCE_AUGMENTED && readsTime) {
            throw new IllegalArgumentException("timeDependent(true) is an option of FO and DB; the reference code's "
                    + "augmented block (DB-ref) is kept autonomous as released; use Block.dynamic(...)"
                    + ".timeDependent(true)");
        }
        return new OdeBlock(kind, options, endTime, readsTime, signedLast);
    }

    /**
     * The same DB block with a signed field: f and g end in {@code last}, {@link Activation#IDENTITY} or
     * {@link Activation#TANH}, instead of the network's activation (a ReLU by default, under which the acceleration
     * and the initial velocity can never be negative). DB only.
     */
    public OdeBlock signedField(Activation last) {
        if (kind != Kind.SECOND_ORDER) {
            throw new IllegalArgumentException("signedField is an option of DB (Block.dynamic), not of " + code());
        }
        if (last != Activation.IDENTITY && last != Activation.TANH) {
            throw new IllegalArgumentException("a signed field ends in IDENTITY or TANH, got " + last
                    + "; its values must be able to take either sign");
        }
        return new OdeBlock(kind, options, endTime, timeDependent, last);
    }

    /** The last activation of a signed DB field, empty when f and g end in the network's activation. */
    public Optional<Activation> signedField() {
        return Optional.ofNullable(signedLast);
    }

    /**
     * The same block with the given gradient mode; {@link Gradients#CHECKPOINTED} keeps every second state unless
     * {@link #checkpointEvery(int)} says otherwise.
     */
    @Override
    public OdeBlock withGradients(Gradients mode) {
        OdeOptions o = options.gradients(mode);
        if (mode == Gradients.CHECKPOINTED && o.checkpointEvery().isEmpty()) {
            o = o.checkpointEvery(2);
        }
        return new OdeBlock(kind, o, endTime, timeDependent, signedLast);
    }

    /** The same block, {@link Gradients#CHECKPOINTED}, keeping every k-th state. */
    public OdeBlock checkpointEvery(int k) {
        return new OdeBlock(kind, options.gradients(Gradients.CHECKPOINTED).checkpointEvery(k), endTime,
                timeDependent, signedLast);
    }

    private OdeSettings settings() {
        return new OdeSettings(options, endTime);
    }

    @Override
    public String code() {
        return kind.code;
    }

    @Override
    public Module create(int in, int out, BlockSettings s) {
        return switch (kind) {
            case FIRST_ORDER -> new FirstOrderOdeBlock(in, out, settings(), s, timeDependent);
            case SECOND_ORDER -> new DynamicBlock(in, out, settings(), s, timeDependent,
                    signedLast == null ? s.activation() : signedLast);
            case REFERENCE_AUGMENTED -> new AugmentedDynamicBlock(in, out, settings(), s);
        };
    }

    @Override
    public int shrink(BlockSettings settings) {
        return 0;
    }

    @Override
    public void check(BlockSettings settings) {
        if (settings.padding() == ConvPadding.VALID) {
            throw new IllegalArgumentException("block " + code() + " needs SAME padding: the state of an ODE keeps "
                    + "its size through the solve; use padding(ConvPadding.SAME)");
        }
    }

    @Override
    public String toString() {
        String field = timeDependent == (kind == Kind.FIRST_ORDER) ? ""
                : timeDependent ? ", time-dependent" : ", autonomous";
        String signed = signedLast == null ? "" : ", signed field ending in " + signedLast;
        return code() + "(" + options + ", T = " + endTime + field + signed + ")";
    }
}
