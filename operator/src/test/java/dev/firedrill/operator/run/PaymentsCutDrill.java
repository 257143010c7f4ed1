package dev.firedrill.operator.run;

import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.validate.DrillLoader;

/**
 * The drill the interception ITs run: orders under a set workload, its link to the payments Service
 * intercepted and cut for 20 s.
 */
final class PaymentsCutDrill {

  static final DrillSpec SPEC =
      new DrillLoader()
          .load(
              "d.yaml",
              """
              target: {namespace: shop, selector: {app: orders}}
              toxiproxy: {proxies: [{name: to-payments, service: payments}]}
              workload:
                type: set
                baseUrl: http://orders:8080
                duration: 2m
                operations: {add: {method: POST, path: /a}, read: {path: /a}}
              faults: [{name: cut, at: 30s, duration: 20s, partition: {proxies: [to-payments]}}]
              invariants: [{type: noLostWrites}]
              """)
          .drills()
          .getFirst()
          .spec();

  private PaymentsCutDrill() {}
}
