// `GET /config`: what this server offers (Telegram on or off, the bot's name, sign-in options).
// Read once per page load; it only changes when the server restarts with other settings.
import { useQuery } from '@tanstack/react-query';
import { isApiError, request } from './api';

export interface ServerConfig {
  publicUrl: string;
  auth: { password: boolean; emailVerification: boolean; providers: { id: string; name: string }[] };
  telegram: { enabled: boolean; botUsername: string | null };
}

/** What a server that predates `/config` offers: nothing beyond passwords. */
export const BASIC_CONFIG: ServerConfig = {
  publicUrl: '',
  auth: { password: true, emailVerification: false, providers: [] },
  telegram: { enabled: false, botUsername: null },
};

export async function getConfig(signal?: AbortSignal): Promise<ServerConfig> {
  try {
    const config = await request<Partial<ServerConfig>>('/config', { signal, withSession: false });
    return {
      ...BASIC_CONFIG,
      ...config,
      telegram: { ...BASIC_CONFIG.telegram, ...config?.telegram },
    };
  } catch (e) {
    // An older server has no such route: it offers no Telegram, which is not an error to show.
    if (isApiError(e, 'not_found')) return BASIC_CONFIG;
    throw e;
  }
}

export const configKey = ['config'] as const;

/** How soon to ask again while the server's bot has not told it its name yet (just after a start). */
const BOT_NAME_RETRY_MS = 5_000;

export function useConfig() {
  return useQuery({
    queryKey: configKey,
    queryFn: ({ signal }) => getConfig(signal),
    staleTime: Infinity,
    refetchInterval: (query) => {
      const telegram = query.state.data?.telegram;
      return telegram?.enabled && !telegram.botUsername ? BOT_NAME_RETRY_MS : false;
    },
  });
}

/** Whether Telegram is on, and the bot's `@name` once the bot has told the server (else null). */
export function useTelegramBot() {
  const config = useConfig();
  const telegram = config.data?.telegram;
  return {
    enabled: telegram?.enabled === true,
    botUsername: telegram?.botUsername ?? null,
    /** The server's own base for links, which its bot recognises; empty when it did not say. */
    publicUrl: config.data?.publicUrl ?? '',
    isLoading: config.isLoading,
  };
}
