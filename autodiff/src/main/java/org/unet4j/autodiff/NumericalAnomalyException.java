package org.unet4j.autodiff;

/** Raised in {@link Autograd#detectAnomalies(boolean) anomaly mode} by the first op that produces NaN or infinity. */
public class NumericalAnomalyException extends ArithmeticException {
    public NumericalAnomalyException(String message) {
        super(message);
    }
}
