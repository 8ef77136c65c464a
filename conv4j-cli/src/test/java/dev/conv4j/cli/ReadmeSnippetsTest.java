package dev.conv4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code java} block of the README compiles as pasted: its imports at the top of a class,
 * the rest as the body of one method, against conv4j's modules.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path classes;

    @Test
    void everyJavaSnippetCompiles() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = JAVA_BLOCK.matcher(readme);
        List<JavaFileObject> sources = new ArrayList<>();
        while (m.find()) {
            sources.add(source("Snippet" + sources.size(), m.group(1)));
        }
        assertTrue(sources.size() >= 4, "the README's java blocks: " + sources.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            List<String> options = List.of("--add-modules", "jdk.incubator.vector", "-proc:none", "-d", classes.toString(),
                    "-cp", System.getProperty("java.class.path"));
            boolean ok = javac.getTask(log, files, diagnostics, options, null, sources).call();
            StringBuilder errors = new StringBuilder();
            diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                    .forEach(d -> errors.append(d.getSource() == null ? "" : d.getSource().getName()).append(':')
                            .append(d.getLineNumber()).append(": ").append(d.getMessage(null)).append('\n'));
            assertEquals("", errors.toString(), log.toString());
            assertTrue(ok, log.toString());
        }
    }

    /** {@code import} lines stay at the top; everything else becomes the body of {@code run()}. */
    private static JavaFileObject source(String name, String snippet) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : snippet.split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        String code = imports + "\nclass " + name + " {\n    static void run() throws Exception {\n" + body + "    }\n}\n";
        return new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }
}
