package dev.firedrill.cluster.fault;

import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.LedgerEntry;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Undoes Service interceptions, from a ledger entry or from the Service's own annotation, with no
 * live run: the original {@code spec.selector} and {@code spec.ports} are put back exactly as they
 * were read (the spec then serialises to the same bytes), the annotation {@value
 * ServiceInterception#ANNOTATION} removed, and the shadow Service deleted.
 *
 * <p>The annotation is the authority: it is written in the same update as the redirect, so a
 * Service carrying it is redirected and one without it is not (or was restored already). An entry
 * whose Service has no annotation but still selects the Toxiproxy pods (someone removed the
 * annotation by hand) is restored from the entry's undo. Anything else is a no-op, so healing
 * twice, or healing an entry whose interception never happened, succeeds.
 */
public final class ServiceHealer implements Healer {

  private static final int CONFLICT_RETRIES = 5;

  private final KubernetesClient client;

  public ServiceHealer(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String kind() {
    return ServiceInterception.KIND;
  }

  @Override
  public void heal(LedgerEntry entry) {
    String namespace = entry.undo().get("namespace");
    String service = entry.undo().get("service");
    if (namespace == null || service == null) {
      throw new IllegalArgumentException(
          "ledger entry " + entry.key() + " names no Service (undo lacks namespace or service)");
    }
    restore(namespace, service, entry);
  }

  /**
   * Restores a Service from its annotation alone (a run whose ledger is lost, or a Service found
   * intercepted by a run that is gone). Returns true when it was intercepted and is restored now.
   */
  public boolean restore(String namespace, String service) {
    return restore(namespace, service, null);
  }

  private boolean restore(String namespace, String service, LedgerEntry entry) {
    for (int attempt = 0; ; attempt++) {
      try {
        return restoreOnce(namespace, service, entry);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
  }

  private boolean restoreOnce(String namespace, String service, LedgerEntry entry) {
    Service svc = client.services().inNamespace(namespace).withName(service).get();
    InterceptedSpec original = null;
    if (svc != null) {
      String annotation = ServiceInterception.annotations(svc).get(ServiceInterception.ANNOTATION);
      if (annotation != null) {
        original = InterceptedSpec.fromAnnotation(annotation);
      } else if (entry != null && selectsProxies(svc, entry)) {
        original = InterceptedSpec.fromUndo(entry.undo());
      }
    }
    if (original != null) {
      svc.getSpec().setSelector(original.selector());
      svc.getSpec().setPorts(original.ports());
      Map<String, String> annotations = new LinkedHashMap<>(ServiceInterception.annotations(svc));
      annotations.remove(ServiceInterception.ANNOTATION);
      svc.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
      client.services().inNamespace(namespace).resource(svc).update();
    }
    deleteShadow(namespace, service, original, entry);
    return original != null;
  }

  private static boolean selectsProxies(Service svc, LedgerEntry entry) {
    String proxySelector = entry.undo().get("proxySelector");
    if (proxySelector == null || svc.getSpec().getSelector() == null) {
      return false;
    }
    InterceptedSpec probe = new InterceptedSpec(null, null, proxySelector, "[]");
    return new java.util.TreeMap<>(probe.selector())
        .equals(new java.util.TreeMap<>(svc.getSpec().getSelector()));
  }

  /** Deletes the shadow, if it is ours (labelled as the shadow of this Service). */
  private void deleteShadow(
      String namespace, String service, InterceptedSpec original, LedgerEntry entry) {
    String name =
        original != null && original.shadow() != null
            ? original.shadow()
            : entry != null && entry.undo().get("shadow") != null
                ? entry.undo().get("shadow")
                : ServiceInterception.shadowName(service);
    Service shadow = client.services().inNamespace(namespace).withName(name).get();
    if (shadow != null
        && service.equals(
            shadow.getMetadata().getLabels() == null
                ? null
                : shadow.getMetadata().getLabels().get(ServiceInterception.SHADOW_OF))) {
      client.services().inNamespace(namespace).withName(name).delete();
    }
  }
}
