package org.unet4j.layers.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 348-byte NIfTI-1 header, kept whole (byte order included) so that an image derived from a read one (a
 * predicted mask) carries every field of its source: voxel spacing, units, the qform and sform affines and their
 * codes, the description, intent and slice timing. Typed accessors read the fields the framework uses; offsets are
 * those of the NIfTI-1 standard ({@code nifti1.h}):
 * <pre>
 *   0 sizeof_hdr (348)   40 dim[8]   70 datatype   72 bitpix   76 pixdim[8]   108 vox_offset   112 scl_slope
 *   116 scl_inter   123 xyzt_units   124 cal_max   128 cal_min   148 descrip[80]   252 qform_code   254 sform_code
 *   256 quatern_b, c, d   268 qoffset_x, y, z   280 srow_x[4]   296 srow_y[4]   312 srow_z[4]   344 magic "n+1\0"
 * </pre>
 * The voxel-to-world affine ({@link #affine()}) follows the standard's three methods: the sform when
 * {@code sform_code > 0}, else the qform when {@code qform_code > 0} (rotation from the quaternion
 * {@code (a, b, c, d)}, {@code a = sqrt(1 - b^2 - c^2 - d^2)}, columns scaled by {@code pixdim[1..3]}, the third by
 * {@code qfac = pixdim[0]} (-1 or 1), plus {@code qoffset}), else the spacing alone.
 */
public final class NiftiHeader {
    /** Size of a NIfTI-1 header. */
    public static final int SIZE = 348;
    /** Where the data of a single-file {@code .nii} starts when there are no extensions: header plus 4 bytes. */
    public static final int DATA_OFFSET = 352;

    static final int DIM = 40;
    static final int DATATYPE = 70;
    static final int BITPIX = 72;
    static final int PIXDIM = 76;
    static final int VOX_OFFSET = 108;
    static final int SCL_SLOPE = 112;
    static final int SCL_INTER = 116;
    static final int XYZT_UNITS = 123;
    static final int CAL_MAX = 124;
    static final int CAL_MIN = 128;
    static final int GLMAX = 140;
    static final int GLMIN = 144;
    static final int DESCRIP = 148;
    static final int QFORM_CODE = 252;
    static final int SFORM_CODE = 254;
    static final int QUATERN_B = 256;
    static final int QOFFSET_X = 268;
    static final int SROW_X = 280;
    static final int MAGIC = 344;

    private final byte[] bytes;
    private final ByteOrder order;

    private NiftiHeader(byte[] bytes, ByteOrder order) {
        this.bytes = bytes;
        this.order = order;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).order(order);
    }

    /**
     * A fresh little-endian header for a volume of {@code nx x ny x nz} voxels (and {@code nt} frames or channels
     * when {@code nt > 1}) of the given datatype and spacing {@code [dx, dy, dz]} in millimetres: qform code 1
     * (scanner anatomy) with the identity rotation and zero offset, no sform, no scaling.
     */
    public static NiftiHeader create(int nx, int ny, int nz, int nt, NiftiDataType type, double[] spacing) {
        if (spacing == null || spacing.length != 3) {
            throw new IllegalArgumentException("NiftiHeader.create: the spacing needs 3 entries [dx, dy, dz], got "
                    + Arrays.toString(spacing));
        }
        for (double s : spacing) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("NiftiHeader.create: voxel spacings must be positive and finite, "
                        + "got " + Arrays.toString(spacing));
            }
        }
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, SIZE);
        b.put(38, (byte) 'r');
        b.putFloat(PIXDIM, 1f);
        for (int a = 0; a < 3; a++) {
            b.putFloat(PIXDIM + 4 * (a + 1), (float) spacing[a]);
        }
        b.put(XYZT_UNITS, (byte) 2);
        b.putShort(QFORM_CODE, (short) 1);
        byte[] magic = {'n', '+', '1', 0};
        for (int i = 0; i < 4; i++) {
            b.put(MAGIC + i, magic[i]);
        }
        NiftiHeader h = new NiftiHeader(b.array(), ByteOrder.LITTLE_ENDIAN);
        return h.derive(new int[] {nx, ny, nz, nt}, type);
    }

    /** A header read from its 348 bytes in byte order {@code order} (the reader validates them first). */
    static NiftiHeader of(byte[] bytes, ByteOrder order) {
        return new NiftiHeader(bytes.clone(), order);
    }

    /**
     * This header for other data on the same grid: every field kept except the dimensions ({@code [nx, ny, nz]} or
     * {@code [nx, ny, nz, nt]}, trailing 1s dropped down to 3-D), the datatype and bitpix, and the intensity fields
     * that describe the old data (scaling reset to none, cal_min/max and glmin/max to 0); the data offset is 352.
     */
    public NiftiHeader derive(int[] dims, NiftiDataType type) {
        if (dims == null || dims.length < 3 || dims.length > 4) {
            throw new IllegalArgumentException("NiftiHeader.derive: dims must be [nx, ny, nz] or [nx, ny, nz, nt], "
                    + "got " + Arrays.toString(dims));
        }
        for (int d : dims) {
            if (d < 1 || d > Short.MAX_VALUE) {
                throw new IllegalArgumentException("NiftiHeader.derive: every dimension must be in [1, 32767], got "
                        + Arrays.toString(dims));
            }
        }
        ByteBuffer b = ByteBuffer.wrap(bytes.clone()).order(order);
        int rank = dims.length == 4 && dims[3] > 1 ? 4 : 3;
        b.putShort(DIM, (short) rank);
        for (int a = 1; a < 8; a++) {
            b.putShort(DIM + 2 * a, (short) (a <= rank ? dims[a - 1] : 1));
        }
        if (b.getFloat(PIXDIM + 16) == 0) {
            b.putFloat(PIXDIM + 16, 1f);
        }
        b.putShort(DATATYPE, (short) type.code());
        b.putShort(BITPIX, (short) type.bitsPerVoxel());
        b.putFloat(VOX_OFFSET, DATA_OFFSET);
        b.putFloat(SCL_SLOPE, 1f);
        b.putFloat(SCL_INTER, 0f);
        b.putFloat(CAL_MAX, 0f);
        b.putFloat(CAL_MIN, 0f);
        b.putInt(GLMAX, 0);
        b.putInt(GLMIN, 0);
        return new NiftiHeader(b.array(), order);
    }

    /**
     * This header with the voxel-to-world affine set as the sform (code 2, aligned to another image): rows
     * {@code srow_x, srow_y, srow_z} are the first three rows of {@code affine} (3 x 4 or 4 x 4).
     */
    public NiftiHeader withSform(double[][] affine) {
        if (affine == null || affine.length < 3 || affine[0].length != 4 || affine[1].length != 4
                || affine[2].length != 4) {
            throw new IllegalArgumentException("NiftiHeader.withSform: the affine must have 3 or 4 rows of 4 entries");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes.clone()).order(order);
        b.putShort(SFORM_CODE, (short) 2);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(SROW_X + 16 * r + 4 * c, (float) affine[r][c]);
            }
        }
        return new NiftiHeader(b.array(), order);
    }

    /** This header with {@code vox_offset} set to {@code offset} (the writer drops extensions: 352). */
    NiftiHeader withDataOffset(int offset) {
        ByteBuffer b = ByteBuffer.wrap(bytes.clone()).order(order);
        b.putFloat(VOX_OFFSET, offset);
        return new NiftiHeader(b.array(), order);
    }

    /** The 348 header bytes as stored (in {@link #byteOrder()}). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The byte order of the file the header came from (little-endian for new headers). */
    public ByteOrder byteOrder() {
        return order;
    }

    /** {@code [dim[1], ..., dim[dim[0]]]}: {@code [nx, ny, nz]} for a volume, {@code [nx, ny, nz, nt]} for frames. */
    public int[] dims() {
        ByteBuffer b = buffer();
        int[] d = new int[b.getShort(DIM)];
        for (int a = 0; a < d.length; a++) {
            d[a] = b.getShort(DIM + 2 * (a + 1));
        }
        return d;
    }

    /** The voxel datatype ({@code datatype}); the reader has checked it is supported. */
    public NiftiDataType dataType() {
        try {
            return NiftiDataType.of(buffer().getShort(DATATYPE));
        } catch (NiftiFormatException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The voxel spacing {@code [pixdim[1], pixdim[2], pixdim[3]]} (millimetres when the units say so). */
    public double[] spacing() {
        ByteBuffer b = buffer();
        return new double[] {b.getFloat(PIXDIM + 4), b.getFloat(PIXDIM + 8), b.getFloat(PIXDIM + 12)};
    }

    /** {@code scl_slope}: stored values v mean {@code v slope + inter}; 0 means no scaling. */
    public double sclSlope() {
        return buffer().getFloat(SCL_SLOPE);
    }

    /** {@code scl_inter}. */
    public double sclInter() {
        return buffer().getFloat(SCL_INTER);
    }

    /** Whether stored values are scaled on reading: a finite slope other than 0, unless slope 1 with inter 0. */
    public boolean scaled() {
        double slope = sclSlope();
        double inter = sclInter();
        return Double.isFinite(slope) && slope != 0 && !(slope == 1 && (inter == 0 || !Double.isFinite(inter)));
    }

    /** Where the voxel data starts in the (uncompressed) file. */
    public int voxOffset() {
        return (int) buffer().getFloat(VOX_OFFSET);
    }

    /** {@code qform_code} (0 unknown, 1 scanner, 2 aligned, 3 Talairach, 4 MNI). */
    public int qformCode() {
        return buffer().getShort(QFORM_CODE);
    }

    /** {@code sform_code}. */
    public int sformCode() {
        return buffer().getShort(SFORM_CODE);
    }

    /** The description ({@code descrip}, up to 80 characters). */
    public String description() {
        int end = DESCRIP;
        while (end < DESCRIP + 80 && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, DESCRIP, end - DESCRIP, StandardCharsets.US_ASCII);
    }

    /** The voxel-to-world affine, 4 x 4 with last row {@code [0, 0, 0, 1]}: sform, else qform, else the spacing. */
    public double[][] affine() {
        ByteBuffer b = buffer();
        double[][] m = new double[4][4];
        m[3][3] = 1;
        if (sformCode() > 0) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    m[r][c] = b.getFloat(SROW_X + 16 * r + 4 * c);
                }
            }
            return m;
        }
        double[] s = spacing();
        if (qformCode() <= 0) {
            for (int a = 0; a < 3; a++) {
                m[a][a] = s[a];
            }
            return m;
        }
        double qb = b.getFloat(QUATERN_B);
        double qc = b.getFloat(QUATERN_B + 4);
        double qd = b.getFloat(QUATERN_B + 8);
        double aa = 1 - (qb * qb + qc * qc + qd * qd);
        double qa;
        if (aa < 1e-7) {
            double norm = Math.sqrt(qb * qb + qc * qc + qd * qd);
            qa = 0;
            qb /= norm;
            qc /= norm;
            qd /= norm;
        } else {
            qa = Math.sqrt(aa);
        }
        double qfac = b.getFloat(PIXDIM) < 0 ? -1 : 1;
        double[][] r = {
            {qa * qa + qb * qb - qc * qc - qd * qd, 2 * (qb * qc - qa * qd), 2 * (qb * qd + qa * qc)},
            {2 * (qb * qc + qa * qd), qa * qa + qc * qc - qb * qb - qd * qd, 2 * (qc * qd - qa * qb)},
            {2 * (qb * qd - qa * qc), 2 * (qc * qd + qa * qb), qa * qa + qd * qd - qc * qc - qb * qb}};
        double[] scale = {s[0], s[1], s[2] * qfac};
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                m[row][col] = r[row][col] * scale[col];
            }
            m[row][3] = b.getFloat(QOFFSET_X + 4 * row);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiftiHeader h && Arrays.equals(bytes, h.bytes) && order.equals(h.order);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + order.hashCode();
    }

    /** {@code NiftiHeader[256x256x120 int16, spacing 0.8x0.8x2.5, sform 1, qform 1]}. */
    @Override
    public String toString() {
        int[] d = dims();
        StringBuilder s = new StringBuilder("NiftiHeader[");
        for (int a = 0; a < d.length; a++) {
            s.append(a == 0 ? "" : "x").append(d[a]);
        }
        double[] sp = spacing();
        s.append(' ').append(dataType().name().toLowerCase(java.util.Locale.ROOT)).append(", spacing ")
                .append(number(sp[0])).append('x').append(number(sp[1])).append('x').append(number(sp[2]))
                .append(", sform ").append(sformCode()).append(", qform ").append(qformCode());
        if (scaled()) {
            s.append(", scaled ").append(number(sclSlope())).append(" v + ").append(number(sclInter()));
        }
        return s.append(']').toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString((float) v);
    }
}
