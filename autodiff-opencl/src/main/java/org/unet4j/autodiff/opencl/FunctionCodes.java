package org.unet4j.autodiff.opencl;

import org.unet4j.autodiff.BinaryFn;
import org.unet4j.autodiff.ReduceFn;
import org.unet4j.autodiff.UnaryFn;

/** The numbers by which {@link ArenaKernel} selects a function, mapped by name so enum order does not matter. */
final class FunctionCodes {
    private FunctionCodes() {
    }

    static int of(UnaryFn fn) {
        return switch (fn) {
            case NEG -> 0;
            case AFFINE -> 1;
            case EXP -> 2;
            case LOG -> 3;
            case SQRT -> 4;
            case ABS -> 5;
            case SIGN -> 6;
            case RECIPROCAL -> 7;
            case POW -> 8;
            case RELU -> 9;
            case LEAKY_RELU -> 10;
            case STEP -> 11;
            case SIGMOID -> 12;
            case TANH -> 13;
            case SOFTPLUS -> 14;
            case SILU -> 15;
            case CLAMP -> 16;
            case INSIDE -> 17;
        };
    }

    static int of(BinaryFn fn) {
        return switch (fn) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case POW -> 4;
            case MAXIMUM -> 5;
            case MINIMUM -> 6;
            case EQUAL -> 7;
            case GREATER -> 8;
            case SELECT -> 9;
        };
    }

    static int of(ReduceFn fn) {
        return switch (fn) {
            case SUM -> ArenaKernel.SUM;
            case MAX -> ArenaKernel.MAX;
        };
    }
}
