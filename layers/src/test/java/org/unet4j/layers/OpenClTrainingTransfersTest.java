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
import org.unet4j.layers.topology.Norm;
import org.unet4j.layers.unet.UNet;

/**
 * A U-Net training step on an OpenCL device moves no parameter, gradient, optimizer state or normalisation statistic
 * to the host: counted by {@link OpenClBackend#hostTransfers()}, a step (zero the gradients, forward, loss, backward,
 * optimizer step) and the loss read-back make exactly one transfer, the loss; with gradient clipping, one more, the
 * global norm. This holds without normalisation, with batch norm (the default; its batch statistics, the running
 * statistics' update and the weight and bias gradients stay on the device), with group norm and with instance norm.
 * Skipped unless the run asks for OpenCL ({@code -Dunet4j.device=opencl}).
 */
class OpenClTrainingTransfersTest {

    private static OpenClBackend openCl() {
        Assumptions.assumeTrue(Device.configuredName().trim().toLowerCase(Locale.ROOT).startsWith("opencl"),
                "OpenCL transfer counting runs with -Dunet4j.device=opencl");
        return (OpenClBackend) Devices.opencl().backend();
    }

    /** The transfers of one training step after a first one (which creates the optimizer's buffers). */
    private static long transfersOfOneStep(OpenClBackend backend, Norm norm, boolean adam, boolean clip) {
        UNet net = UNet.builder().levels(2).filters(2, 4).norm(norm).seed(17).build();
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
        assertEquals(1, transfersOfOneStep(openCl(), Norm.NONE, true, false));
    }

    @Test
    void anSgdMomentumStepReadsBackOnlyTheLoss() {
        assertEquals(1, transfersOfOneStep(openCl(), Norm.NONE, false, false));
    }

    @Test
    void clippingByNormAddsOnlyTheNormsReadBack() {
        assertEquals(2, transfersOfOneStep(openCl(), Norm.NONE, true, true));
    }

    @Test
    void aBatchNormUNetStepReadsBackOnlyTheLoss() {
        assertEquals(1, transfersOfOneStep(openCl(), Norm.BATCH, true, false));
    }

    @Test
    void aGroupNormUNetStepReadsBackOnlyTheLoss() {
        assertEquals(1, transfersOfOneStep(openCl(), Norm.GROUP, true, false));
    }

    @Test
    void anInstanceNormUNetStepReadsBackOnlyTheLoss() {
        assertEquals(1, transfersOfOneStep(openCl(), Norm.INSTANCE, true, false));
    }
}
