package dev.conv4j.testkit;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a test needs to start a second JVM on its own classes (a writer to kill, a run with a small
 * heap). On the module path a module's test classes are patched into the module under test, so
 * they are on neither {@code java.class.path} nor {@code jdk.module.path}; the child's class path
 * is the directory (or jar) its main class was loaded from, then both paths of this JVM.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code java.home}'s {@code bin/java}. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A class path on which a child JVM finds {@code mainClass} and everything this JVM can load. */
    public static String classPath(Class<?> mainClass) {
        List<String> entries = new ArrayList<>();
        String resource = mainClass.getName().replace('.', '/') + ".class";
        URL url = mainClass.getResource("/" + resource);
        if (url != null && url.getProtocol().equals("file")) {
            try {
                Path root = Path.of(url.toURI());
                for (int i = 0; i < resource.split("/").length; i++) {
                    root = root.getParent();
                }
                entries.add(root.toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("the location of " + mainClass.getName() + " is not a path: " + url, e);
            }
        }
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                entries.add(value);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
