package org.unet4j.layers.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Tensor;

/**
 * NIfTI-1 read and write against the standard's byte layout: a header built by hand, field by field at the offsets
 * of {@code nifti1.h}, reads as the values it encodes (either byte order, scaling applied, qform and sform affines);
 * a written file holds those fields at those offsets; every supported datatype round-trips, plain and gzipped; a
 * mask derived from an image keeps its spacing and affine; what is not supported is rejected by name.
 */
class NiftiTest {
    @TempDir
    Path dir;

    /** A single-file header as the standard lays it out, with data of {@code dataBytes} bytes after byte 352. */
    private static ByteBuffer rawHeader(ByteOrder order, int[] dim, int datatype, int bitpix, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(352 + dataBytes).order(order);
        b.putInt(0, 348);
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, (short) (i < dim.length ? dim[i] : 1));
        }
        b.putShort(70, (short) datatype);
        b.putShort(72, (short) bitpix);
        b.putFloat(108, 352f);
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1').put(347, (byte) 0);
        return b;
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    @Test
    void aHandBuiltInt16HeaderReadsAsTheValuesItsFieldsEncode() throws IOException {
        ByteBuffer b = rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 4, 3, 2}, 4, 16, 24 * 2);
        b.putFloat(76, 1f);                                     // pixdim[0] = qfac
        b.putFloat(80, 0.5f).putFloat(84, 0.75f).putFloat(88, 2.5f);
        b.putFloat(112, 2f).putFloat(116, -1f);                 // scl_slope, scl_inter
        b.put(123, (byte) 2);                                   // millimetres
        byte[] text = "hand built".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < text.length; i++) {
            b.put(148 + i, text[i]);
        }
        b.putShort(254, (short) 1);                             // sform_code
        float[][] srow = {{0, -0.75f, 0, 10}, {0.5f, 0, 0, -20}, {0, 0, 2.5f, 30}};
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * r + 4 * c, srow[r][c]);
            }
        }
        for (int i = 0; i < 24; i++) {
            b.putShort(352 + 2 * i, (short) (i - 5));
        }
        NiftiImage image = Nifti.read(file("hand.nii", b.array()));
        NiftiHeader h = image.header();
        assertArrayEquals(new int[] {4, 3, 2}, h.dims());
        assertEquals(NiftiDataType.INT16, h.dataType());
        assertArrayEquals(new double[] {0.5, 0.75, 2.5}, h.spacing());
        assertEquals("hand built", h.description());
        assertEquals(1, h.sformCode());
        double[][] affine = image.affine();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(srow[r][c], affine[r][c], 0, "sform row " + r + " column " + c);
            }
        }
        assertArrayEquals(new double[] {0, 0, 0, 1}, affine[3]);
        Tensor data = image.data();
        assertArrayEquals(new int[] {1, 2, 3, 4}, data.dims(), "[nt, nz, ny, nx]");
        assertEquals(DType.FLOAT32, data.dtype());
        for (int i = 0; i < 24; i++) {
            assertEquals(2.0 * (i - 5) - 1, data.flatGet(i), 0, "stored " + (i - 5) + " scaled 2 v - 1");
        }
        assertEquals(2.0 * 5 - 1, data.get(0, 0, 2, 2), 0, "x = 2, y = 2, z = 0 is stored voxel 2 + 4 * 2 = 10");
        assertEquals("NiftiImage[4x3x2 int16, spacing 0.5x0.75x2.5, sform 1, qform 0, scaled 2 v + -1]",
                image.toString());
    }

    @Test
    void aBigEndianFileReadsTheSame() throws IOException {
        ByteBuffer b = rawHeader(ByteOrder.BIG_ENDIAN, new int[] {3, 2, 2, 1}, 16, 32, 4 * 4);
        b.putFloat(80, 1).putFloat(84, 1).putFloat(88, 1);
        for (int i = 0; i < 4; i++) {
            b.putFloat(352 + 4 * i, 1.5f * i);
        }
        NiftiImage image = Nifti.read(file("big.nii", b.array()));
        assertEquals(ByteOrder.BIG_ENDIAN, image.header().byteOrder());
        assertArrayEquals(new float[] {0, 1.5f, 3, 4.5f}, image.data().toFloatArray());
    }

    /** A 90-degree rotation about z: quaternion (a, b, c, d) = (cos 45, 0, 0, sin 45), qfac -1. */
    @Test
    void theQformAffineIsTheQuaternionRotationScaledByTheSpacingAndQfac() throws IOException {
        ByteBuffer b = rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 1, 1, 1}, 2, 8, 1);
        b.putFloat(76, -1f).putFloat(80, 2f).putFloat(84, 3f).putFloat(88, 4f);
        b.putShort(252, (short) 1);
        b.putFloat(264, (float) Math.sqrt(0.5));
        b.putFloat(268, 5f).putFloat(272, 6f).putFloat(276, 7f);
        double[][] affine = Nifti.read(file("q.nii", b.array())).affine();
        double[][] expected = {{0, -3, 0, 5}, {2, 0, 0, 6}, {0, 0, -4, 7}, {0, 0, 0, 1}};
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(expected[r], affine[r], 1e-6, "row " + r);
        }
    }

    @Test
    void aWrittenHeaderHoldsEachFieldAtTheStandardsOffset() throws IOException {
        Tensor labels = Tensor.zeros(2, 3, 4);
        labels.set(7, 0, 0, 1);
        NiftiImage image = NiftiImage.create(labels, NiftiDataType.UINT8, new double[] {0.8, 0.9, 3});
        Path p = dir.resolve("mask.nii");
        Nifti.write(p, image);
        byte[] bytes = Files.readAllBytes(p);
        assertEquals(352 + 24, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(348, b.getInt(0), "sizeof_hdr");
        assertEquals(3, b.getShort(40), "dim[0]");
        assertEquals(4, b.getShort(42), "dim[1] = nx");
        assertEquals(3, b.getShort(44), "dim[2] = ny");
        assertEquals(2, b.getShort(46), "dim[3] = nz");
        assertEquals(1, b.getShort(48), "dim[4]");
        assertEquals(2, b.getShort(70), "datatype DT_UINT8");
        assertEquals(8, b.getShort(72), "bitpix");
        assertEquals(1f, b.getFloat(76), "pixdim[0] = qfac");
        assertEquals(0.8f, b.getFloat(80), "pixdim[1]");
        assertEquals(0.9f, b.getFloat(84), "pixdim[2]");
        assertEquals(3f, b.getFloat(88), "pixdim[3]");
        assertEquals(352f, b.getFloat(108), "vox_offset");
        assertEquals(1f, b.getFloat(112), "scl_slope");
        assertEquals(0f, b.getFloat(116), "scl_inter");
        assertEquals(2, b.get(123), "xyzt_units: millimetres");
        assertEquals(1, b.getShort(252), "qform_code");
        assertEquals(0, b.getShort(254), "sform_code");
        assertArrayEquals(new byte[] {'n', '+', '1', 0}, java.util.Arrays.copyOfRange(bytes, 344, 348), "magic");
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(bytes, 348, 352), "no extensions");
        assertEquals(7, bytes[352 + 1], "voxel x = 1, y = 0, z = 0 right after voxel 0");
    }

    @Test
    void everySupportedDatatypeRoundTripsPlainAndGzipped() throws IOException {
        double[][] values = {
            {0, 1, 255, 17}, {-32768, 32767, 0, -5}, {-2_000_000_000, 2_000_000_000, 3, -1},
            {0.25, -1.5e30, 3.75, Float.MIN_NORMAL}, {Math.PI, -1e300, 1e-300, 0}, {-128, 127, 0, -1},
            {0, 65535, 1, 40000}};
        NiftiDataType[] types = NiftiDataType.values();
        for (int t = 0; t < types.length; t++) {
            for (String suffix : new String[] {".nii", ".nii.gz"}) {
                Tensor data = Tensor.wrap(values[t].clone(), 1, 1, 2, 2);
                Path p = dir.resolve(types[t] + suffix);
                Nifti.write(p, NiftiImage.create(data, types[t], new double[] {1, 1, 1}));
                NiftiImage back = Nifti.read(p);
                assertEquals(types[t], back.header().dataType());
                double[] read = back.data().toDoubleArray();
                for (int i = 0; i < 4; i++) {
                    double expected = types[t] == NiftiDataType.FLOAT32 ? (float) values[t][i] : values[t][i];
                    assertEquals(expected, read[i], 0, types[t] + suffix + " voxel " + i);
                }
            }
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("INT16.nii.gz")))) {
            assertEquals(348, ByteBuffer.wrap(in.readNBytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt(),
                    "the .gz file is a gzipped .nii");
        }
    }

    @Test
    void aMaskDerivedFromAnImageKeepsItsSpacingAffineAndDescription() throws IOException {
        ByteBuffer b = rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 5, 4, 3}, 4, 16, 60 * 2);
        b.putFloat(76, -1f).putFloat(80, 0.7f).putFloat(84, 0.8f).putFloat(88, 3f);
        b.putShort(252, (short) 1).putShort(254, (short) 1);
        b.putFloat(256, 0.1f).putFloat(260, 0.2f).putFloat(264, 0.3f);
        b.putFloat(268, -90f).putFloat(272, 120f).putFloat(276, 40f);
        float[][] srow = {{0.7f, 0.01f, 0, -90}, {0, 0.8f, 0.02f, 120}, {0.03f, 0, -3f, 40}};
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * r + 4 * c, srow[r][c]);
            }
        }
        b.put(148, (byte) 'C').put(149, (byte) 'T');
        NiftiImage ct = Nifti.read(file("ct.nii.gz", gzip(b.array())));
        Tensor labels = Tensor.zeros(3, 4, 5);
        for (int i = 0; i < 60; i++) {
            labels.flatSet(i, i % 4);
        }
        NiftiImage mask = ct.withData(labels, NiftiDataType.UINT8);
        Path p = dir.resolve("pred/mask.nii.gz");
        Nifti.write(p, mask);
        NiftiImage back = Nifti.read(p);
        assertArrayEquals(ct.spacing(), back.spacing());
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(ct.affine()[r], back.affine()[r], 0, "affine row " + r);
        }
        assertEquals(1, back.header().qformCode());
        assertEquals("CT", back.header().description());
        int[] classes = back.labels();
        for (int i = 0; i < 60; i++) {
            assertEquals(i % 4, classes[i], "label of voxel " + i);
        }
        NiftiHeader qformOnly = NiftiHeader.of(b.array(), ByteOrder.LITTLE_ENDIAN);
        ByteBuffer noSform = ByteBuffer.wrap(qformOnly.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        noSform.putShort(254, (short) 0);
        NiftiHeader q = NiftiHeader.of(noSform.array(), ByteOrder.LITTLE_ENDIAN);
        double[][] kept = q.derive(new int[] {5, 4, 3}, NiftiDataType.UINT8).affine();
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(q.affine()[r], kept[r], 0, "qform affine row " + r + " survives derive");
        }
    }

    @Test
    void fourDimensionalImagesReadTheirFramesAsChannels() throws IOException {
        ByteBuffer b = rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {4, 2, 1, 1, 3}, 2, 8, 6);
        for (int i = 0; i < 6; i++) {
            b.put(352 + i, (byte) i);
        }
        Path p = file("frames.nii", b.array());
        NiftiImage image = Nifti.read(p);
        assertArrayEquals(new int[] {3, 1, 1, 2}, image.data().dims());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, image.labels());
        Nifti.write(dir.resolve("frames-again.nii"), image);
        assertArrayEquals(new int[] {2, 1, 1, 3}, Nifti.read(dir.resolve("frames-again.nii")).header().dims());
    }

    @Test
    void aScaledImageWritesBackTheValuesItWasReadFrom() throws IOException {
        ByteBuffer b = rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 2, 1, 1}, 4, 16, 4);
        b.putFloat(112, 0.5f).putFloat(116, 10f);
        b.putShort(352, (short) -3).putShort(354, (short) 8);
        NiftiImage image = Nifti.read(file("scaled.nii", b.array()));
        assertArrayEquals(new float[] {8.5f, 14f}, image.data().toFloatArray());
        Path again = dir.resolve("again.nii");
        Nifti.write(again, image);
        ByteBuffer written = ByteBuffer.wrap(Files.readAllBytes(again)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-3, written.getShort(352));
        assertEquals(8, written.getShort(354));
    }

    private void assertRejected(String fragment, byte[] content) throws IOException {
        Path p = file("bad.nii", content);
        NiftiFormatException e = assertThrows(NiftiFormatException.class, () -> Nifti.read(p));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), "the message names the file: " + e.getMessage());
    }

    @Test
    void whatIsNotSupportedIsRejectedByName() throws IOException {
        ByteBuffer nifti2 = ByteBuffer.allocate(600).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 540);
        assertRejected("NIfTI-2", nifti2.array());
        assertRejected("not a NIfTI-1 file", new byte[400]);
        assertRejected("shorter than a NIfTI-1 header", new byte[100]);
        ByteBuffer pair = rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 1, 1, 1}, 2, 8, 1);
        pair.put(345, (byte) 'i');
        assertRejected("two-file .hdr/.img", pair.array());
        ByteBuffer analyze = rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 1, 1, 1}, 2, 8, 1);
        analyze.put(344, (byte) 0).put(345, (byte) 0).put(346, (byte) 0);
        assertRejected("ANALYZE", analyze.array());
        assertRejected("DT_RGB24", rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 1, 1, 1}, 128, 24, 3).array());
        assertRejected("DT_COMPLEX64", rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 1, 1, 1}, 32, 64, 8)
                .array());
        assertRejected("bitpix is 16", rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 1, 1, 1}, 2, 16, 2)
                .array());
        assertRejected("dim[0] is 9", rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {9, 1, 1, 1}, 2, 8, 1).array());
        assertRejected("dim[2] is 0", rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 1, 0, 1}, 2, 8, 1).array());
        assertRejected("vector or matrix voxels", rawHeader(ByteOrder.LITTLE_ENDIAN,
                new int[] {5, 2, 1, 1, 1, 3}, 2, 8, 6).array());
        byte[] truncated = java.util.Arrays.copyOf(rawHeader(ByteOrder.LITTLE_ENDIAN, new int[] {3, 4, 4, 4}, 4, 16,
                128).array(), 352 + 100);
        assertRejected("ends after 100 of 128 data bytes", truncated);
    }

    @Test
    void valuesTheDatatypeCannotHoldAreRejectedAndNothingIsWritten() {
        Path p = dir.resolve("labels.nii.gz");
        Tensor half = Tensor.wrap(new float[] {0, 1, 3.5f, 2}, 1, 2, 2);
        NiftiFormatException e = assertThrows(NiftiFormatException.class,
                () -> Nifti.write(p, NiftiImage.create(half, NiftiDataType.UINT8, new double[] {1, 1, 1})));
        assertTrue(e.getMessage().contains("voxel 2 holds 3.5"), e.getMessage());
        Tensor large = Tensor.wrap(new float[] {0, 300, 1, 2}, 1, 2, 2);
        assertThrows(NiftiFormatException.class,
                () -> Nifti.write(p, NiftiImage.create(large, NiftiDataType.UINT8, new double[] {1, 1, 1})));
        assertFalse(Files.exists(p));
        IllegalArgumentException grid = assertThrows(IllegalArgumentException.class,
                () -> NiftiImage.create(half, NiftiDataType.FLOAT32, new double[] {1, 1, 1})
                        .withData(Tensor.zeros(1, 3, 2), NiftiDataType.UINT8));
        assertTrue(grid.getMessage().contains("grid"), grid.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NiftiImage.create(half, NiftiDataType.FLOAT32, new double[] {1, 0, 1}));
    }
}
