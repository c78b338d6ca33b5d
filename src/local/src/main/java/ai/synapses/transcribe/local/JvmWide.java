package ai.synapses.transcribe.local;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Servers shared by every class loader of the JVM. Quarkus loads this module more than once (config
 * sources at build and at run time, the test class path), so plain statics would start a second
 * PostgreSQL, or lose hold of the queue a test wants to stop. The platform MBean server is the one
 * registry all loaders see, and talking to it needs JDK types only.
 */
final class JvmWide {

    /** What a local server offers to whoever finds it. */
    public interface LocalServerMBean {
        int getPort();

        void stop();

        void restart();
    }

    private static final MBeanServer MBEANS = ManagementFactory.getPlatformMBeanServer();

    private JvmWide() {
    }

    /** The port of the server registered under {@code name}, starting it with {@code create} if there is none yet. */
    static int port(String name, Supplier<LocalServerMBean> create) {
        synchronized (MBEANS) {
            ObjectName objectName = objectName(name);
            try {
                if (!MBEANS.isRegistered(objectName)) {
                    MBEANS.registerMBean(new StandardMBean(create.get(), LocalServerMBean.class), objectName);
                }
                return (Integer) MBEANS.getAttribute(objectName, "Port");
            } catch (JMException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void invoke(String name, String operation) {
        try {
            MBEANS.invoke(objectName(name), operation, new Object[0], new String[0]);
        } catch (JMException e) {
            throw new IllegalStateException("no local " + name + " server runs in this JVM", e);
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName("ai.synapses.transcribe.local:type=" + name);
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
