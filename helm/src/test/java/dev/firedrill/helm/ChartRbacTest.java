package dev.firedrill.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The RBAC the chart grants is exactly the least privilege the operator's and the runner's code
 * paths need, no verb more or less, and every verb in the templates carries its reason.
 */
class ChartRbacTest {

  /** "group/resource" → verbs. The operator, cluster-wide. */
  static final Map<String, Set<String>> OPERATOR =
      Map.ofEntries(
          Map.entry("firedrill.dev/drills", Set.of("get", "list", "watch", "update", "patch")),
          Map.entry(
              "firedrill.dev/drillruns",
              Set.of("get", "list", "watch", "create", "update", "patch", "delete")),
          Map.entry("firedrill.dev/drills/status", Set.of("get", "update", "patch")),
          Map.entry("firedrill.dev/drillruns/status", Set.of("get", "update", "patch")),
          Map.entry("firedrill.dev/drills/finalizers", Set.of("update")),
          Map.entry("firedrill.dev/drillruns/finalizers", Set.of("update")),
          Map.entry("/namespaces", Set.of("get", "list", "watch")),
          Map.entry("/pods", Set.of("get", "list", "watch")),
          Map.entry("/pods/log", Set.of("get")),
          Map.entry("/services", Set.of("get", "create", "update", "delete")),
          Map.entry("apps/deployments", Set.of("get", "list", "watch", "create", "delete")),
          Map.entry("/secrets", Set.of("get", "create", "delete")),
          Map.entry("batch/jobs", Set.of("get", "list", "watch", "create", "delete")),
          Map.entry(
              "/configmaps", Set.of("get", "list", "watch", "create", "update", "patch", "delete")),
          Map.entry("/events", Set.of("create", "patch")),
          Map.entry("events.k8s.io/events", Set.of("create", "patch")));

  /** The operator, in its own namespace only. */
  static final Map<String, Set<String>> LEADER_ELECTION =
      Map.of("coordination.k8s.io/leases", Set.of("get", "create", "update"));

  /** A runner Job, cluster-wide. */
  static final Map<String, Set<String>> RUNNER =
      Map.of(
          "firedrill.dev/drillruns", Set.of("get"),
          "firedrill.dev/drillruns/status", Set.of("get", "patch", "update"),
          "/pods", Set.of("get", "list", "watch", "delete"),
          "/pods/log", Set.of("get"),
          "/configmaps", Set.of("get", "create", "update", "patch"),
          "/events", Set.of("create", "patch"));

  @Test
  void operatorClusterRoleGrantsExactlyWhatItsCodePathsUse() {
    var rendered = Chart.render();
    ClusterRole role = rendered.one(ClusterRole.class, "firedrill-operator");

    assertThat(verbsByResource(role.getRules())).isEqualTo(new TreeMap<>(OPERATOR));
  }

  @Test
  void leaderElectionIsARoleInTheOperatorsNamespaceOnly() {
    var rendered = Chart.render();
    Role role = rendered.one(Role.class, "firedrill-operator-leader-election");

    assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(verbsByResource(role.getRules())).isEqualTo(new TreeMap<>(LEADER_ELECTION));
    assertThat(rendered.all(Role.class)).hasSize(1);
  }

  @Test
  void runnerClusterRoleGrantsExactlyWhatTheRunnerUses() {
    var rendered = Chart.render();
    ClusterRole role = rendered.one(ClusterRole.class, "firedrill-runner");

    assertThat(verbsByResource(role.getRules())).isEqualTo(new TreeMap<>(RUNNER));
    assertThat(rendered.all(ClusterRole.class)).hasSize(2);
  }

  @Test
  void eachRoleIsBoundToItsOwnServiceAccountOnly() {
    var rendered = Chart.render();

    assertThat(subjects(rendered.one(ClusterRoleBinding.class, "firedrill-operator").getSubjects()))
        .containsExactly("ServiceAccount firedrill-system/firedrill-operator");
    assertThat(rendered.one(ClusterRoleBinding.class, "firedrill-operator").getRoleRef().getName())
        .isEqualTo("firedrill-operator");
    assertThat(subjects(rendered.one(ClusterRoleBinding.class, "firedrill-runner").getSubjects()))
        .containsExactly("ServiceAccount firedrill-system/firedrill-runner");
    assertThat(rendered.one(ClusterRoleBinding.class, "firedrill-runner").getRoleRef().getName())
        .isEqualTo("firedrill-runner");
    RoleBinding leader = rendered.one(RoleBinding.class, "firedrill-operator-leader-election");
    assertThat(leader.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(subjects(leader.getSubjects()))
        .containsExactly("ServiceAccount firedrill-system/firedrill-operator");
  }

  @Test
  void noRuleUsesAWildcardOrANonResourceUrl() {
    var rendered = Chart.render();
    List<PolicyRule> rules =
        rendered.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()).toList();

    assertThat(rules)
        .allSatisfy(rule -> {
          assertThat(rule.getVerbs()).doesNotContain("*");
          assertThat(rule.getResources()).doesNotContain("*");
          assertThat(rule.getApiGroups()).doesNotContain("*");
          assertThat(rule.getNonResourceURLs()).isEmpty();
          assertThat(rule.getResourceNames()).isEmpty();
        });
  }

  @Test
  void rbacCreateFalseRendersNoRbac() {
    var rendered = Chart.render(Map.of("rbac.create", "false"));

    assertThat(rendered.names())
        .noneMatch(n -> n.startsWith("ClusterRole") || n.startsWith("Role"))
        .contains("Deployment/firedrill-operator");
  }

  private static final Pattern VERB_LINE = Pattern.compile("^\\s+- ([a-z]+)\\s*(#\\s*(.*))?$");

  /** A verb nobody can explain is not granted: each verb line says which code path uses it. */
  @Test
  void everyVerbInTheTemplatesIsJustified() throws IOException {
    int verbs = 0;
    for (String template : List.of("rbac-operator.yaml", "rbac-runner.yaml")) {
      List<String> lines = Files.readAllLines(Chart.DIR.resolve("templates").resolve(template));
      boolean inVerbs = false;
      for (String line : lines) {
        if (line.trim().equals("verbs:")) {
          inVerbs = true;
          continue;
        }
        Matcher verb = VERB_LINE.matcher(line);
        if (inVerbs && verb.matches()) {
          verbs++;
          assertThat(verb.group(3))
              .as("%s: the verb '%s' needs a comment naming its code path", template, line.trim())
              .isNotNull();
          assertThat(verb.group(3).split("\\s+").length)
              .as("%s: '%s' explains too little", template, line.trim())
              .isGreaterThanOrEqualTo(4);
        } else {
          inVerbs = false;
        }
        assertThat(line)
            .as("%s: verbs one per line, each with its reason", template)
            .doesNotContainPattern("verbs:\\s*\\[");
      }
    }
    int granted =
        Set.of(OPERATOR, LEADER_ELECTION, RUNNER).stream()
            .flatMap(m -> m.values().stream())
            .mapToInt(Set::size)
            .sum();
    // drills/status and drillruns/status share one rule, as do the two finalizers.
    assertThat(verbs).isEqualTo(granted - 3 - 1);
  }

  static Map<String, Set<String>> verbsByResource(List<PolicyRule> rules) {
    Map<String, Set<String>> verbs = new TreeMap<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          verbs
              .computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
              .addAll(rule.getVerbs());
        }
      }
    }
    verbs.replaceAll((k, v) -> Set.copyOf(v));
    return verbs;
  }

  private static List<String> subjects(List<Subject> subjects) {
    return subjects.stream()
        .map(s -> s.getKind() + " " + s.getNamespace() + "/" + s.getName())
        .toList();
  }
}
