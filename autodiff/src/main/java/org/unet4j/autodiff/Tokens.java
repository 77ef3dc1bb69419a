package org.unet4j.autodiff;

import java.util.ArrayList;
import java.util.List;

/**
 * Between images and token sequences, and UNeXt's token shift. An image {@code [N, C, *spatial]} is the sequence
 * {@code [N, L, C]} of its {@code L = prod(spatial)} positions in row-major order, as PyTorch's
 * {@code x.flatten(2).transpose(1, 2)}. All ops here are reshapes, permutations, pads and crops, so their
 * backward is theirs and they run on every device.
 */
public final class Tokens {
    private Tokens() {
    }

    /** {@code [N, C, *spatial] -> [N, L, C]}, L the product of the spatial sizes. */
    public static Tensor fromImage(Tensor image) {
        if (image.rank() < 3) {
            throw new ShapeException("Tokens.fromImage: the input must be [N, C, *spatial], got " + image.shape());
        }
        return image.reshape(image.dim(0), image.dim(1), -1).transpose(1, 2);
    }

    /** {@code [N, L, C] -> [N, C, *spatial]}; the spatial sizes must multiply to L. */
    public static Tensor toImage(Tensor tokens, int... spatial) {
        long l = 1;
        for (int s : spatial) {
            l *= s;
        }
        if (tokens.rank() != 3 || spatial.length == 0 || l != tokens.dim(1)) {
            throw new ShapeException("Tokens.toImage: tokens " + tokens.shape() + " cannot be laid out as an image of "
                    + java.util.Arrays.toString(spatial) + "; they must be [N, L, C] with L the product of the sizes");
        }
        int[] dims = new int[2 + spatial.length];
        dims[0] = tokens.dim(0);
        dims[1] = tokens.dim(2);
        System.arraycopy(spatial, 0, dims, 2, spatial.length);
        return tokens.transpose(1, 2).reshape(dims);
    }

    /**
     * UNeXt's axial token shift (Valanarasu and Patel 2022, the shifted MLP): the channels of {@code x [N, C, ...]}
     * are cut into chunks of {@code ceil(C / shiftSize)} (PyTorch's {@code torch.chunk}, so there may be fewer than
     * {@code shiftSize}); chunk i moves by {@code s_i = i - floor(shiftSize / 2)} positions along {@code axis},
     * zeros filling in: {@code y[n, c, ..., j, ...] = x[n, c, ..., j - s_i, ...]}, 0 where that is outside. This is
     * the reference code's pad, roll and crop. Backward moves the gradient back.
     *
     * @param axis a spatial axis of x (2 or more; negative counts from the end)
     */
    public static Tensor shift(Tensor x, int axis, int shiftSize) {
        String op = "Tokens.shift(input " + x.shape() + ", axis " + axis + ", shift size " + shiftSize + ")";
        if (x.rank() < 3) {
            throw new ShapeException(op + ": the input must be [N, C, *spatial]");
        }
        int a = x.shape().axis(axis);
        if (a < 2) {
            throw new IllegalArgumentException(op + ": the axis must be a spatial one (2 or more), not the batch or "
                    + "channel axis");
        }
        if (shiftSize < 1) {
            throw new IllegalArgumentException(op + ": the shift size must be at least 1");
        }
        int channels = x.dim(1);
        int chunk = (channels + shiftSize - 1) / shiftSize;
        int size = x.dim(a);
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0, c0 = 0; c0 < channels; i++, c0 += chunk) {
            Tensor part = x.slice(1, c0, Math.min(c0 + chunk, channels));
            int s = i - shiftSize / 2;
            int[] before = new int[x.rank()];
            int[] after = new int[x.rank()];
            if (s > 0) {
                before[a] = s;
                parts.add(part.pad(before, after, 0).slice(a, 0, size));
            } else if (s < 0) {
                after[a] = -s;
                parts.add(part.pad(before, after, 0).slice(a, -s, -s + size));
            } else {
                parts.add(part);
            }
        }
        return parts.size() == 1 ? parts.get(0) : Tensor.concat(parts, 1);
    }
}
