package org.unet4j.layers.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.ModuleGradients;
import org.unet4j.layers.topology.Activation;
import org.unet4j.layers.topology.BlockSettings;
import org.unet4j.layers.topology.Norm;
import org.unet4j.solvers.ode.Gradients;
import org.unet4j.solvers.ode.OdeOptions;

/**
 * The field options of the ODE blocks: DB reading the time (x'' = f(x, x', t), paper 001 eq. 1) and FO without it
 * build in 1-D, 2-D and 3-D and pass a float64 gradient check in every gradient mode, and so does DB with a signed
 * field, whose velocities and accelerations, unlike the default ReLU field's, take both signs; the defaults are
 * unchanged.
 */
class OdeBlockOptionsTest {
    private static final GradCheck CHECK = GradCheck.withDefaults().tolerance(1e-6, 1e-5);

    private static BlockSettings settings(int dims) {
        return BlockSettings.builder().norm(Norm.NONE).activation(Activation.TANH).seed(5).spatialDims(dims).build();
    }

    /** The DB (or FO) block in {@code mode}: adjoint on tight dopri5 tolerances, the others on 2 RK4 steps. */
    private static OdeBlock block(OdeBlock.Kind kind, Gradients mode) {
        OdeOptions o = mode == Gradients.ADJOINT ? OdeOptions.method("dopri5").rtol(1e-10).atol(1e-10)
                : OdeOptions.method("rk4").steps(2);
        return (kind == OdeBlock.Kind.SECOND_ORDER ? Block.dynamic(o) : Block.firstOrder(o)).withGradients(mode);
    }

    private static void verify(Block block, int dims) {
        BlockSettings s = settings(dims);
        Module m = block.create(2, 2, s);
        int[] shape = switch (dims) {
            case 1 -> new int[] {1, 2, 1, 3}; // 1-D blocks are 1 x k convolutions on a height-1 image
            case 2 -> new int[] {1, 2, 3, 3};
            default -> new int[] {1, 2, 3, 3, 3};
        };
        Tensor x = Tensor.randn(new SplittableRandom(13), DType.FLOAT64, shape);
        assertArrayEquals(shape, m.to(DType.FLOAT64).forward(x).dims(), block::toString);
        ModuleGradients.assertGradientsMatch(m, x, CHECK);
    }

    @Test
    void timeDependentDynamicBlockPassesAGradientCheckInEveryModeAndDimension() {
        for (int dims = 1; dims <= 3; dims++) {
            for (Gradients mode : Gradients.values()) {
                verify(block(OdeBlock.Kind.SECOND_ORDER, mode).timeDependent(true), dims);
            }
        }
    }

    @Test
    void autonomousFirstOrderBlockPassesAGradientCheckInEveryModeAndDimension() {
        for (int dims = 1; dims <= 3; dims++) {
            for (Gradients mode : Gradients.values()) {
                verify(block(OdeBlock.Kind.FIRST_ORDER, mode).timeDependent(false), dims);
            }
        }
    }

    /** t is one more input channel of both convolutions of f: c k^d + c more weights, g unchanged. */
    @Test
    void theTimeChannelAddsOneInputChannelToEachConvolutionOfTheField() {
        BlockSettings s = settings(2);
        int c = 3;
        int k = s.kernel();
        long autonomous = count(Block.dynamic("rk4", 1).create(c, c, s));
        long timed = count(Block.dynamic("rk4", 1).timeDependent(true).create(c, c, settings(2)));
        assertEquals((long) c * k * k + c, timed - autonomous);
        long fo = count(Block.firstOrder("rk4", 1).create(c, c, s));
        long foAutonomous = count(Block.firstOrder("rk4", 1).timeDependent(false).create(c, c, settings(2)));
        assertEquals((long) c * k * k, fo - foAutonomous);
    }

    /** A time-dependent DB whose field gives t a weight really depends on the interval: f differs at t = 0 and 1. */
    @Test
    void timeDependentFieldSeesTheTime() {
        Module db = Block.dynamic("euler", 1).timeDependent(true).endTime(1).create(2, 2, settings(2))
                .to(DType.FLOAT64);
        Module f = db.namedModules().get("f");
        Tensor z = Tensor.randn(new SplittableRandom(3), DType.FLOAT64, 1, 4, 3, 3);
        Tensor at0 = f.forward(Tensor.concat(1, z, Tensor.zeros(DType.FLOAT64, 1, 1, 3, 3)));
        Tensor at1 = f.forward(Tensor.concat(1, z, Tensor.ones(DType.FLOAT64, 1, 1, 3, 3)));
        assertTrue(at0.sub(at1).abs().max().item() > 1e-3, "f(x, x', 0) and f(x, x', 1) agree");
    }

    @Test
    void signedDynamicBlockPassesAGradientCheckInEveryMode() {
        for (Gradients mode : Gradients.values()) {
            verify(block(OdeBlock.Kind.SECOND_ORDER, mode).signedField(Activation.IDENTITY), 2);
        }
        verify(block(OdeBlock.Kind.SECOND_ORDER, Gradients.BACKPROP).signedField(Activation.IDENTITY)
                .timeDependent(true), 3);
    }

    /**
     * Under the default ReLU field the initial velocity g(x0) and the acceleration f are never negative; a signed
     * field (identity or tanh last) takes both signs.
     */
    @Test
    void onlyASignedFieldGivesNegativeVelocitiesAndAccelerations() {
        BlockSettings relu = BlockSettings.builder().norm(Norm.GROUP).activation(Activation.RELU).seed(7).build();
        Tensor x = Tensor.randn(new SplittableRandom(8), DType.FLOAT64, 2, 4, 6, 6);
        Tensor z = Tensor.randn(new SplittableRandom(9), DType.FLOAT64, 2, 8, 6, 6);
        Module plain = Block.dynamic("rk4", 1).create(4, 4, relu).to(DType.FLOAT64);
        assertTrue(plain.namedModules().get("g").forward(x).neg().max().item() <= 0);
        assertTrue(plain.namedModules().get("f").forward(z).neg().max().item() <= 0);
        for (Activation last : new Activation[] {Activation.IDENTITY, Activation.TANH}) {
            Module signed = Block.dynamic("rk4", 1).signedField(last).create(4, 4, BlockSettings.builder()
                    .norm(Norm.GROUP).activation(Activation.RELU).seed(7).build()).to(DType.FLOAT64);
            assertTrue(signed.namedModules().get("g").forward(x).neg().max().item() > 0, last::toString);
            assertTrue(signed.namedModules().get("f").forward(z).neg().max().item() > 0, last::toString);
        }
    }

    @Test
    void signedFieldIsAnOptionOfTheDynamicBlockWithASignedLastActivation() {
        assertTrue(Block.dynamic("rk4", 1).signedField().isEmpty());
        assertTrue(Block.dynamic("rk4", 1).signedField(Activation.TANH).endTime(2).withGradients(Gradients.ADJOINT)
                .toString().contains("signed field ending in TANH"));
        IllegalArgumentException relu = assertThrows(IllegalArgumentException.class,
                () -> Block.dynamic("rk4", 1).signedField(Activation.RELU));
        assertTrue(relu.getMessage().contains("IDENTITY or TANH"), relu.getMessage());
        IllegalArgumentException fo = assertThrows(IllegalArgumentException.class,
                () -> Block.firstOrder("rk4", 1).signedField(Activation.TANH));
        assertTrue(fo.getMessage().contains("not of FO"), fo.getMessage());
    }

    @Test
    void defaultsAreUnchangedAndNamedOnlyWhenChanged() {
        assertFalse(Block.dynamic("rk4", 4).timeDependent());
        assertTrue(Block.firstOrder("rk4", 4).timeDependent());
        assertEquals("DB(OdeOptions[method=rk4, steps=4], T = 1.0)", Block.dynamic("rk4", 4).toString());
        assertTrue(Block.dynamic("rk4", 4).timeDependent(true).withGradients(Gradients.ADJOINT).toString()
                .contains("time-dependent"));
        assertTrue(Block.firstOrder("rk4", 4).timeDependent(false).toString().contains("autonomous"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Block.referenceDynamic("rk4", 1).timeDependent(true));
        assertTrue(e.getMessage().contains("DB-ref"), e.getMessage());
    }

    private static long count(Module m) {
        return m.parameters().stream().mapToLong(p -> p.size()).sum();
    }
}
