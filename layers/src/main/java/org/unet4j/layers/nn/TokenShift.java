package org.unet4j.layers.nn;

import org.unet4j.autodiff.ShapeException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.autodiff.Tokens;
import org.unet4j.layers.Module;

/**
 * UNeXt's axial shift of an image {@code [N, C, H, W]} (the shifted MLP of Valanarasu and Patel 2022): the channels
 * are cut into chunks of {@code ceil(C / shiftSize)} and chunk i moves by {@code i - floor(shiftSize / 2)} positions
 * along the height or the width, zeros filling in. No parameters. See {@link Tokens#shift}.
 *
 * <pre>{@code
 * var shiftH = TokenShift.alongHeight(5);     // UNeXt's shift_size = 5
 * }</pre>
 */
public final class TokenShift extends Module {
    private final int axis;
    private final int shiftSize;

    /** A shift along {@code axis} (2 = height, 3 = width of {@code [N, C, H, W]}). */
    public TokenShift(int axis, int shiftSize) {
        if (axis != 2 && axis != 3) {
            throw new IllegalArgumentException("TokenShift: the axis must be 2 (height) or 3 (width) of [N, C, H, W],"
                    + " got " + axis);
        }
        if (shiftSize < 1) {
            throw new IllegalArgumentException("TokenShift: the shift size must be at least 1, got " + shiftSize);
        }
        this.axis = axis;
        this.shiftSize = shiftSize;
    }

    /** A shift along the height (axis 2). */
    public static TokenShift alongHeight(int shiftSize) {
        return new TokenShift(2, shiftSize);
    }

    /** A shift along the width (axis 3). */
    public static TokenShift alongWidth(int shiftSize) {
        return new TokenShift(3, shiftSize);
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 4) {
            throw new ShapeException(label() + ": the input " + input.shape() + " must be a 4-D NCHW batch");
        }
        return Tokens.shift(input, axis, shiftSize);
    }

    @Override
    protected String describe() {
        return (axis == 2 ? "height" : "width") + ", shift size " + shiftSize;
    }
}
