/** The block connectors' API: applications (public + admin), their area and reviews. */
import { createRouter } from '../http/openapi.ts';
import type { AppDeps } from '../http/deps.ts';
import { connectorApplicationRoutes } from './applications.ts';
import { connectorAreaRoutes } from './area.ts';
import { connectorResolveRoutes } from './resolve.ts';

export function connectorRoutes(deps: AppDeps) {
  const app = createRouter();
  app.route('/', connectorApplicationRoutes(deps));
  app.route('/', connectorAreaRoutes(deps));
  app.route('/', connectorResolveRoutes(deps));
  return app;
}
