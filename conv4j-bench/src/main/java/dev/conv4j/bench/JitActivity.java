package dev.conv4j.bench;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Whether the JIT has methods to compile: queued, or being compiled now. The benchmark's warm-up
 * reads it to time compiled code rather than the first tier's ({@link Timer}).
 */
interface JitActivity {
    /** A JIT that is never busy: the warm-up then ends by its other rules alone. */
    JitActivity UNKNOWN = () -> false;

    boolean busy();

    /**
     * HotSpot's own account, its {@code compilerQueue} diagnostic command (what {@code jcmd PID
     * Compiler.queue} prints), or {@link #UNKNOWN} on a JVM that has no such command.
     */
    static JitActivity hotSpot() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName command;
        try {
            command = new ObjectName("com.sun.management:type=DiagnosticCommand");
            if (!server.isRegistered(command)) {
                return UNKNOWN;
            }
        } catch (JMException e) {
            return UNKNOWN;
        }
        return () -> {
            try {
                Object queue = server.invoke(command, "compilerQueue", new Object[] {null},
                        new String[] {String[].class.getName()});
                return queue instanceof String text && listsWork(text);
            } catch (JMException e) {
                return false;
            }
        };
    }

    /**
     * Whether the command's text names a method: it has a heading per section ("Current
     * compiles:", "C1 compile queue:", "C2 compile queue:"), each followed by one line per method
     * or by "Empty".
     */
    static boolean listsWork(String compilerQueue) {
        return compilerQueue.lines().map(String::strip)
                .anyMatch(line -> !line.isEmpty() && !line.endsWith(":") && !line.equals("Empty"));
    }
}
