package org.mmedpo.registry;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Stops the registry when the process that launched it dies. The embedded platform starts the
 * registry as a child process and passes its own pid as {@code -Dmmedpo.parent.pid}; a parent
 * killed with SIGKILL cannot stop its children, so without this the registry would keep its port
 * and its database lock until someone noticed.
 */
@ApplicationScoped
public class ParentWatchdog {

  private static final Logger LOG = Logger.getLogger(ParentWatchdog.class);

  void onStart(@Observes StartupEvent event) {
    String pid = System.getProperty("mmedpo.parent.pid");
    if (pid == null || pid.isBlank()) {
      return;
    }
    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresentOrElse(
        parent -> parent.onExit().thenRun(() -> {
          LOG.warnf("parent process %s exited; stopping the registry", pid);
          Quarkus.asyncExit(0);
        }),
        () -> {
          LOG.warnf("parent process %s is not running; stopping the registry", pid);
          Quarkus.asyncExit(0);
        });
  }
}
