package org.unet4j.autodiff.badinput;

import static org.unet4j.autodiff.badinput.BadInput.assertRefused;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/** Shaping ops: sizes, axes, permutations, boxes and part lists that do not fit the tensor. */
class ShapingBadInputProperties {

    private static Tensor x234() {
        return BadInput.zeros(DType.FLOAT64, 2, 3, 4);
    }

    @Property(tries = 30)
    void aReshapeToAnotherSizeIsRefusedNamingBothShapes(@ForAll @IntRange(min = 1, max = 30) int n) {
        Tensor x = x234();
        if (n != 24) {
            assertRefused("reshape to [" + n + "]", () -> x.reshape(n), "[2, 3, 4]", String.valueOf(n));
        }
        assertRefused("reshape with two -1", () -> x.reshape(-1, -1), "reshape");
        assertRefused("reshape to a negative size", () -> x.reshape(-2, -12), "reshape");
    }

    @Property(tries = 30)
    void axesOutOfRangeAreRefused(@ForAll @IntRange(min = 3, max = 6) int axis, @ForAll boolean negative) {
        Tensor x = x234();
        int a = negative ? -axis - 1 : axis;
        assertRefused("transpose", () -> x.transpose(a, 0), "transpose");
        assertRefused("slice", () -> x.slice(a, 0, 1), "slice");
        assertRefused("squeeze", () -> x.squeeze(a), "squeeze");
        assertRefused("unsqueeze", () -> x.unsqueeze(negative ? -axis - 2 : axis + 1), "unsqueeze");
        assertRefused("concat", () -> Tensor.concat(a, x, x), "concat");
        assertRefused("stack", () -> Tensor.stack(List.of(x, x), negative ? -axis - 2 : axis + 1), "stack");
    }

    @Property(tries = 20)
    void permutationsThatAreNotPermutationsAreRefused(@ForAll @IntRange(min = 0, max = 2) int repeated,
            @ForAll @IntRange(min = 3, max = 5) int outside) {
        Tensor x = x234();
        assertRefused("permute with a repeated axis", () -> x.permute(repeated, repeated, (repeated + 1) % 3),
                "permute");
        assertRefused("permute with an axis out of range", () -> x.permute(0, 1, outside), "permute");
        assertRefused("permute of the wrong length", () -> x.permute(0, 1), "permute");
    }

    @Property(tries = 30)
    void boxesOutsideTheTensorAreRefused(@ForAll @IntRange(min = -3, max = 6) int start,
            @ForAll @IntRange(min = -3, max = 6) int end) {
        Tensor x = x234();
        if (start < 0 || end > 4 || start > end) {
            assertRefused("slice [" + start + ", " + end + ") of 4", () -> x.slice(2, start, end), "slice");
            assertRefused("crop", () -> x.crop(new int[] {0, 0, start}, new int[] {2, 3, end - start}), "crop");
        }
        if (start < 0) {
            assertRefused("negative padding", () -> x.pad(new int[] {0, 0, start}, new int[] {0, 0, 0}, 0), "pad");
        }
        assertRefused("centerCrop larger than the tensor", () -> x.centerCrop(5), "centerCrop");
    }

    @Property(tries = 10)
    void squeezeAndExpandRefuseAxesThatAreNotSizeOne(@ForAll @IntRange(min = 0, max = 2) int axis) {
        Tensor x = x234();
        assertRefused("squeeze of a size " + x.dim(axis) + " axis", () -> x.squeeze(axis), "squeeze");
        assertRefused("expand [2, 3, 4] to [2, 3, 5]", () -> x.expand(2, 3, 5), "expand");
    }

    @Property(tries = 10)
    void partListsThatDoNotFitAreRefused(@ForAll @IntRange(min = 1, max = 3) int axis, @ForAll DType dtype) {
        Tensor x = BadInput.zeros(dtype, 2, 3, 4);
        Tensor y = BadInput.zeros(dtype, 3, 3, 4);
        assertRefused("concat of no parts", () -> Tensor.concat(List.of(), 0), "concat");
        assertRefused("stack of no parts", () -> Tensor.stack(List.of(), 0), "stack");
        assertRefused("concat of unequal parts", () -> Tensor.concat(axis, x, y), "concat");
        assertRefused("stack of unequal parts", () -> Tensor.stack(List.of(x, y), 0), "stack");
        Tensor other = BadInput.onOther(dtype, 2, 3, 4);
        assertRefused("concat across devices", () -> Tensor.concat(0, x, other), "device");
    }
}
