import type { ConversationData, VersionedStateStorage } from '@grammyjs/conversations'
import type { Redis } from 'ioredis'
import type { PayoutMethod } from '../../core/domain/payouts.ts'
import { LANGUAGES, type Language } from '../i18n/index.ts'

/**
 * A chat waits for payment details: its next text message goes to core (encrypted) before any conversation sees
 * it, and the conversation gets a stand-in naming this nonce. Ids only, never the details.
 */
export interface DetailsRequest {
  partnerId: string
  method: PayoutMethod
  nonce: string
}

/** What the bot keeps per chat between updates: UI state only, keyed by chat id. */
export interface ConversationStore {
  /** Where the conversations plugin keeps each chat's flows, with the updates they received (for replay). */
  conversations: VersionedStateStorage<string, ConversationData>
  /** The chat's pending request for payment details; it lives and dies with the chat's conversations. */
  detailsRequests: {
    get(chat: string): Promise<DetailsRequest | undefined>
    set(chat: string, request: DetailsRequest): Promise<void>
    clear(chat: string): Promise<void>
  }
  /**
   * The message with the buttons of the question a flow waits on: /cancel (or a flow that replaces it) takes the
   * buttons away, so nothing in the chat looks live once the flow is over. It lives and dies with the conversations.
   */
  questions: {
    set(chat: string, messageId: number): Promise<void>
    /** The message id, removed from the store. */
    take(chat: string): Promise<number | undefined>
  }
  /** The language someone who is not a partner yet chose with /language (a partner's is kept with the partner). */
  languages: {
    get(chat: string): Promise<Language | undefined>
    set(chat: string, language: Language): Promise<void>
  }
  /** Drops everything kept for the chat (the partner erased their data). */
  forget(chat: string): Promise<void>
}

/**
 * Redis, one key per chat for its conversations and one for a pending details request, expiring after a day of
 * silence so an abandoned flow does not linger. Payment details never get here: the message that carries them is
 * taken out before the conversation sees it (details-intake.ts). The request key follows the conversation key:
 * refreshed when it is written, deleted when it is (the flow ended, was cancelled or the chat erased).
 */
export function redisConversationStore(redis: Redis, prefix: string, ttlSeconds = 86_400): ConversationStore {
  const stateKey = (chat: string) => `${prefix}${chat}`
  const requestKey = (chat: string) => `${prefix}${chat}:details`
  const questionKey = (chat: string) => `${prefix}${chat}:question`
  const languageKey = (chat: string) => `${prefix}${chat}:language`
  const drop = async (chat: string) => void (await redis.del(stateKey(chat), requestKey(chat), questionKey(chat)))
  return {
    conversations: {
      async read(chat) {
        const raw = await redis.get(stateKey(chat))
        return raw === null ? undefined : JSON.parse(raw)
      },
      async write(chat, state) {
        await redis
          .multi()
          .set(stateKey(chat), JSON.stringify(state), 'EX', ttlSeconds)
          .expire(requestKey(chat), ttlSeconds)
          .expire(questionKey(chat), ttlSeconds)
          .exec()
      },
      delete: drop,
    },
    detailsRequests: {
      async get(chat) {
        const raw = await redis.get(requestKey(chat))
        return raw === null ? undefined : (JSON.parse(raw) as DetailsRequest)
      },
      async set(chat, request) {
        const { partnerId, method, nonce } = request
        await redis.set(requestKey(chat), JSON.stringify({ partnerId, method, nonce }), 'EX', ttlSeconds)
      },
      async clear(chat) {
        await redis.del(requestKey(chat))
      },
    },
    questions: {
      async set(chat, messageId) {
        await redis.set(questionKey(chat), String(messageId), 'EX', ttlSeconds)
      },
      async take(chat) {
        const raw = await redis.getdel(questionKey(chat))
        return raw === null ? undefined : Number(raw)
      },
    },
    languages: {
      async get(chat) {
        const raw = await redis.get(languageKey(chat))
        return LANGUAGES.find((l) => l === raw)
      },
      async set(chat, language) {
        // a year: long enough to join, short enough not to keep a stranger's choice for ever
        await redis.set(languageKey(chat), language, 'EX', 365 * 86_400)
      },
    },
    forget: async (chat) => {
      await drop(chat)
      await redis.del(languageKey(chat))
    },
  }
}

/** In memory (tests, and a bot built without Redis). */
export function memoryConversationStore(): ConversationStore {
  const states = new Map<string, Parameters<ConversationStore['conversations']['write']>[1]>()
  const requests = new Map<string, DetailsRequest>()
  const questions = new Map<string, number>()
  const languages = new Map<string, Language>()
  const drop = async (chat: string) => {
    states.delete(chat)
    requests.delete(chat)
    questions.delete(chat)
  }
  return {
    conversations: {
      read: async (chat) => states.get(chat),
      write: async (chat, state) => void states.set(chat, state),
      delete: drop,
    },
    detailsRequests: {
      get: async (chat) => requests.get(chat),
      set: async (chat, { partnerId, method, nonce }) => void requests.set(chat, { partnerId, method, nonce }),
      clear: async (chat) => void requests.delete(chat),
    },
    questions: {
      set: async (chat, messageId) => void questions.set(chat, messageId),
      async take(chat) {
        const id = questions.get(chat)
        questions.delete(chat)
        return id
      },
    },
    languages: {
      get: async (chat) => languages.get(chat),
      set: async (chat, language) => void languages.set(chat, language),
    },
    forget: async (chat) => {
      await drop(chat)
      languages.delete(chat)
    },
  }
}
