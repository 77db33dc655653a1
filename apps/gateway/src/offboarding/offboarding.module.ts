import { OffboardingController } from './offboarding.controller';
import { OffboardingExecutor } from './offboarding-executor.service';
import { OffboardingPlanner } from './offboarding-planner.service';

/**
 * Offboarding's controllers and providers, registered in the app module
 * beside the write path they write through (one UserWritePipeline per app,
 * so every hook on it sees offboarding's writes too).
 */
export const OFFBOARDING_CONTROLLERS = [OffboardingController];
export const OFFBOARDING_PROVIDERS = [OffboardingPlanner, OffboardingExecutor];
