/** each role's colour (white text on it passes WCAG AA), shared by the map, the list and the kiosk */
import type { EmergencyRole } from './api.ts';

export const ROLE_COLORS: Record<EmergencyRole, string> = {
  shelter: '#b91c1c',
  distribution_point: '#9a3412',
  information_point: '#1e3a8a',
  volunteer_call: '#6b21a8',
};
