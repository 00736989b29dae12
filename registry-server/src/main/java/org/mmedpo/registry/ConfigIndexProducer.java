package org.mmedpo.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.List;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;

/**
 * Supplies the {@link DynamicConfigPropertyList} bean that Apicurio Registry injects.
 *
 * <p>Upstream, that bean is generated at build time by the Quarkus extension in
 * {@code apicurio-common-app-components-config-index}, whose deployment module is not
 * published to Maven Central. This module therefore excludes that artifact and produces an
 * empty list instead: the registry then simply knows no properties that can be changed at
 * run time through its admin API, which we do not use. Everything else (storage, the v2 API
 * and the Confluent-compatible API) is unaffected.
 */
@ApplicationScoped
public class ConfigIndexProducer {

  /**
   * @return an empty list of dynamically configurable properties
   */
  @Produces
  @ApplicationScoped
  public DynamicConfigPropertyList dynamicConfigPropertyList() {
    return new DynamicConfigPropertyList(List.of());
  }
}
