package org.unet4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.opencl.Devices;
import org.unet4j.autodiff.opencl.OpenClBackend;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.optim.GradientClipping;
import org.unet4j.layers.optim.Optimizer;
import org.unet4j.layers.optim.SGD;
import org.unet4j.layers.unet.Norm;
import org.unet4j.layers.unet.UNet;

/**
 * A U-Net training step on an OpenCL device moves no parameter, gradient or optimizer state to the host: counted
 * by {@link OpenClBackend#hostTransfers()}, a step (zero the gradients, forward, loss, backward, optimizer step) and
 * the loss read-back make exactly one transfer, the loss; with gradient clipping, one more, the global norm. Skipped
 * unless the run asks for OpenCL ({@code -Dunet4j.device=opencl}).
 *
 * <p>The U-Net here has no normalisation layers: batch normalisation still computes its per-channel statistics and
 * its weight and bias gradients on the host ({@code NormalizationKernels} returns them as host arrays), which costs
 * four per-channel transfers per layer and step; that is a limit of the normalisation kernels, not of the optimizer.
 */
class OpenClTrainingTransfersTest {

    private static OpenClBackend openCl() {
        Assumptions.assumeTrue(Device.configuredName().trim().toLowerCase(Locale.ROOT).startsWith("opencl"),
                "OpenCL transfer counting runs with -Dunet4j.device=opencl");
        return (OpenClBackend) Devices.opencl().backend();
    }

    /** The transfers of one training step after a first one (which creates the optimizer's buffers). */
    private static long transfersOfOneStep(OpenClBackend backend, boolean adam, boolean clip) {
        UNet net = UNet.builder().levels(2).filters(2, 4).norm(Norm.NONE).seed(17).build();
        net.to(backend.device());
        Tensor x = OpenClTrainingParityTest.images().to(backend.device());
        Tensor y = OpenClTrainingParityTest.masks(OpenClTrainingParityTest.images()).to(backend.device());
        Optimizer optimizer = adam ? new Adam(net.parameters(), 1e-2)
                : SGD.builder(0.1).momentum(0.9).build(net.parameters());
        step(net, optimizer, x, y, clip);
        long before = backend.hostTransfers();
        step(net, optimizer, x, y, clip);
        for (var p : net.parameters()) {
            assertSame(backend.device(), p.tensor().device());
        }
        return backend.hostTransfers() - before;
    }

    private static void step(UNet net, Optimizer optimizer, Tensor x, Tensor y, boolean clip) {
        optimizer.zeroGrad();
        Tensor loss = Losses.bceWithLogits(net.forward(x), y);
        loss.backward();
        if (clip) {
            GradientClipping.clipByNorm(optimizer.parameters(), 1.0);
        }
        optimizer.step();
        loss.item();
    }

    @Test
    void anAdamStepReadsBackOnlyTheLoss() {
        assertEquals(1, transfersOfOneStep(openCl(), true, false));
    }

    @Test
    void anSgdMomentumStepReadsBackOnlyTheLoss() {
        assertEquals(1, transfersOfOneStep(openCl(), false, false));
    }

    @Test
    void clippingByNormAddsOnlyTheNormsReadBack() {
        assertEquals(2, transfersOfOneStep(openCl(), true, true));
    }
}
