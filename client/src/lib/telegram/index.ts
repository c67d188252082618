// Telegram in the data layer: the endpoints, the link flows, and the Mini App's launch data.
export * from './api';
export { useAccountTelegram, useParticipantTelegram, meKey, participantTelegramKey } from './links';
export { useLinkFlow, useExpired, POLL_MS, type LinkPhase, type LinkFlowSpec } from './useLinkFlow';
export { useConfig, useTelegramBot, getConfig, configKey, type ServerConfig } from '../config';
