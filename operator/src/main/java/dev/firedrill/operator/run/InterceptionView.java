package dev.firedrill.operator.run;

import dev.firedrill.engine.model.ProxySpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the reconciler saw of a Pending run's Service interception, before deciding.
 *
 * @param namespace the target namespace, where the Services and the run's Toxiproxy live
 * @param proxies the drill's proxies (those naming a Service are intercepted)
 * @param services the Services the proxies name, by name; a Service that does not exist is missing
 * @param liveRuns of the runs named by interception annotations on those Services, the ones still
 *     under way (they exist and are not terminal), {@code namespace/name}
 * @param deployment the run's Toxiproxy Deployment, or null
 * @param toxiproxy the run's Toxiproxy Service, or null
 */
record InterceptionView(
    String namespace,
    List<ProxySpec> proxies,
    Map<String, Service> services,
    Set<String> liveRuns,
    Deployment deployment,
    Service toxiproxy) {

  InterceptionView {
    proxies = List.copyOf(proxies);
    services = Map.copyOf(services);
    liveRuns = Set.copyOf(liveRuns);
  }

  RunToxiproxy.State state() {
    return RunToxiproxy.State.of(deployment, toxiproxy);
  }
}
