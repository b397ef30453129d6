package org.sportsdb.stack.warehouse;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the ingest route once the migrations are in place (it has autoStartup=false). */
public final class WarehouseRouteStarter {

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseRouteStarter.class);
    public static final String INGEST_ROUTE = "warehouse-ingest";

    private final CamelContext context;

    public WarehouseRouteStarter(CamelContext context) {
        this.context = context;
    }

    public void startIngest() throws Exception {
        context.getRouteController().startRoute(INGEST_ROUTE);
        LOG.info("warehouse ingestion started");
    }
}
