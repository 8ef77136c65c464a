package dev.conv4j.filters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.io.image.ImageData;
import dev.conv4j.io.nifti.NiftiVolume;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The demo's data: the Debian files where installed (read with conv4j's readers), stand-ins otherwise. */
class RealDataTest {
    @Test
    void standInsHaveTheSeedsShapes() {
        ImageData photo = RealData.syntheticPhoto();
        assertEquals(371, photo.width());
        assertEquals(340, photo.height());
        assertEquals(30 * 360, RealData.syntheticEcg().length);
        NiftiVolume phantom = RealData.phantom();
        assertArrayEquals(new int[] {200, 200, 200}, phantom.data().shape().dims());
        assertEquals(110f, phantom.data().get(100, 60, 100), "brain tissue");
        assertEquals(0f, phantom.data().get(0, 0, 0), "air");
    }

    @Test
    void cameraFromPython3Skimage() {
        assumeTrue(Files.isRegularFile(RealData.cameraPath()), "python3-skimage not installed");
        RealData.Loaded<ImageData> photo = RealData.photo();
        assertTrue(photo.real(), photo.source());
        assertEquals(512, photo.data().width());
        assertEquals(1, photo.data().channels());
    }

    @Test
    void ecgFromPython3Scipy() {
        assumeTrue(Files.isRegularFile(RealData.ecgPath()), "python3-scipy not installed");
        RealData.Loaded<float[]> ecg = RealData.ecg();
        assertTrue(ecg.real(), ecg.source());
        assertEquals(108000, ecg.data().length);
        assertEquals((975 - 1024) / 200f, ecg.data()[0], "first sample 975, in mV as scipy.misc.electrocardiogram");
    }

    @Test
    void mriFromMricronData() {
        assumeTrue(Files.isRegularFile(RealData.mriPath()), "mricron-data not installed");
        RealData.Loaded<NiftiVolume> mri = RealData.mri();
        assertTrue(mri.real(), mri.source());
        assertArrayEquals(new int[] {181, 217, 181}, mri.data().data().shape().dims());
        assertEquals("spm - algebra", mri.data().header().descrip());
    }
}
