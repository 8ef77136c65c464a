package dev.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line runs on conv4j-picocli, picocli compiled for Java 25: class files of Java 5
 * (picocli's own jar) stay out of the JVM's class-data archives and take the old verifier.
 */
class PicocliBytecodeTest {
    @Test
    void picocliOnTheClassPathIsJava25Bytecode() throws IOException {
        for (Class<?> c : new Class<?>[] {CommandLine.class, CommandLine.Model.CommandSpec.class}) {
            try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
                assertNotNull(in, c.getName());
                DataInputStream data = new DataInputStream(in);
                assertEquals(0xCAFEBABE, data.readInt());
                data.readUnsignedShort();
                int major = data.readUnsignedShort();
                assertTrue(major >= 69, () -> c.getName() + " is class file version " + major + ", not Java 25's 69");
            }
        }
        assertTrue(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toString().contains("conv4j-picocli"),
                "picocli comes from conv4j-picocli");
    }
}
