package org.unet4j.layers;

import java.util.List;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.GradCheck;
import org.unet4j.autodiff.Tensor;

/** Gradient checks through a module: its input and every parameter, in float64 on the host. */
public final class ModuleGradients {
    private ModuleGradients() {
    }

    /**
     * Moves {@code module} to the host in float64 and checks the backward pass of {@code module.forward} with respect
     * to the input and every parameter against central differences; throws an AssertionError with the report.
     */
    public static void assertGradientsMatch(Module module, Tensor input) {
        assertGradientsMatch(module, input, GradCheck.withDefaults());
    }

    /** As {@link #assertGradientsMatch(Module, Tensor)} with the given check settings. */
    public static void assertGradientsMatch(Module module, Tensor input, GradCheck check) {
        module.to(Device.CPU).to(DType.FLOAT64);
        List<Parameter> params = module.parameters();
        Tensor[] inputs = new Tensor[params.size() + 1];
        inputs[0] = input.detach().to(Device.CPU).toFloat64();
        for (int i = 0; i < params.size(); i++) {
            inputs[i + 1] = params.get(i).tensor();
        }
        check.verify(in -> {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).set(in[i + 1]);
            }
            return module.forward(in[0]);
        }, inputs);
    }
}
