package org.unet4j.layers.io;

import java.util.Arrays;

import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;

/**
 * A NIfTI-1 image: its {@link NiftiHeader} and its voxels as a host tensor {@code [C, D, H, W] = [nt, nz, ny, nx]},
 * the file's own storage order (x varies fastest), so a volume reads and writes without reordering and a batch of
 * one is {@code data().reshape(1, C, D, H, W)}. Values are the stored ones with the header's scaling
 * ({@code scl_slope}, {@code scl_inter}) applied; float64 when the file holds float64 or int32 (exact), else
 * float32 (exact for 8- and 16-bit integers).
 *
 * <pre>{@code
 * NiftiImage ct   = Nifti.read(Path.of("ct.nii.gz"));             // [1, D, H, W], spacing and affine kept
 * NiftiImage mask = ct.withData(predictedLabels, NiftiDataType.UINT8);
 * Nifti.write(Path.of("mask.nii.gz"), mask);                       // lines up with ct in any viewer
 * }</pre>
 */
public final class NiftiImage {
    private final NiftiHeader header;
    private final Tensor data;

    private NiftiImage(NiftiHeader header, Tensor data) {
        this.header = header;
        this.data = data;
    }

    /**
     * The image of {@code data} ({@code [D, H, W]}, {@code [C, D, H, W]} or {@code [1, C, D, H, W]}, on any device)
     * with {@code header}, whose dimensions must be the data's.
     */
    public static NiftiImage of(NiftiHeader header, Tensor data) {
        Tensor volume = asVolume(data);
        int[] expected = header.dims().length == 4 ? header.dims() : Arrays.copyOf(header.dims(), 4);
        if (expected[3] == 0) {
            expected[3] = 1;
        }
        int[] actual = {volume.dim(3), volume.dim(2), volume.dim(1), volume.dim(0)};
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalArgumentException("NiftiImage: the data " + data.shape() + " has nx, ny, nz, nt = "
                    + Arrays.toString(actual) + " but the header " + header + " says " + Arrays.toString(expected)
                    + "; the data is laid out [C, D, H, W] = [nt, nz, ny, nx]");
        }
        return new NiftiImage(header, volume);
    }

    /** A new image of {@code data} with spacing {@code [dx, dy, dz]} and no rotation (qform code 1, no sform). */
    public static NiftiImage create(Tensor data, NiftiDataType type, double[] spacing) {
        Tensor volume = asVolume(data);
        return of(NiftiHeader.create(volume.dim(3), volume.dim(2), volume.dim(1), volume.dim(0), type, spacing),
                volume);
    }

    /**
     * Other data on this image's grid (a mask, a probability map): the header is this one with the data's channel
     * count and the new datatype, so spacing, affines and description carry over. The data must have this image's
     * {@code D, H, W}.
     */
    public NiftiImage withData(Tensor other, NiftiDataType type) {
        Tensor volume = asVolume(other);
        if (volume.dim(1) != data.dim(1) || volume.dim(2) != data.dim(2) || volume.dim(3) != data.dim(3)) {
            throw new IllegalArgumentException("NiftiImage.withData: the data " + other.shape() + " is not on this "
                    + "image's grid " + data.shape() + " (D, H, W must match); resample it first");
        }
        return of(header.derive(new int[] {volume.dim(3), volume.dim(2), volume.dim(1), volume.dim(0)}, type),
                volume);
    }

    private static Tensor asVolume(Tensor data) {
        if (data == null) {
            throw new IllegalArgumentException("NiftiImage: the data must not be null");
        }
        Tensor host = data.to(Device.CPU).detach();
        switch (host.rank()) {
            case 3:
                return host.reshape(1, host.dim(0), host.dim(1), host.dim(2));
            case 4:
                return host;
            case 5:
                if (host.dim(0) == 1) {
                    return host.reshape(host.dim(1), host.dim(2), host.dim(3), host.dim(4));
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("NiftiImage: the data " + data.shape() + " must be [D, H, W], [C, D, H, W]"
                + " or a batch of one [1, C, D, H, W]");
    }

    /** The header. */
    public NiftiHeader header() {
        return header;
    }

    /** The voxels, {@code [C, D, H, W] = [nt, nz, ny, nx]}, on the host. */
    public Tensor data() {
        return data;
    }

    /** The voxel spacing {@code [dx, dy, dz]} from the header. */
    public double[] spacing() {
        return header.spacing();
    }

    /** The voxel-to-world affine (see {@link NiftiHeader#affine()}). */
    public double[][] affine() {
        return header.affine();
    }

    /**
     * The voxels as integer labels (multi-class masks), in the data's order; fails naming the first voxel that is
     * not an integer.
     */
    public int[] labels() {
        int[] labels = new int[data.size()];
        for (int i = 0; i < labels.length; i++) {
            double v = data.flatGet(i);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw new IllegalStateException("NiftiImage.labels: voxel " + i + " holds " + v + ", which is not an "
                        + "integer label; this image holds " + header.dataType() + " intensities");
            }
            labels[i] = (int) v;
        }
        return labels;
    }

    /** {@code NiftiImage[64x64x32 int16, spacing 1x1x2.5, sform 0, qform 1]}. */
    @Override
    public String toString() {
        return "NiftiImage" + header.toString().substring("NiftiHeader".length());
    }
}
