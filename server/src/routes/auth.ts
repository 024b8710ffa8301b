import { Hono, type Context } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  AcceptedSchema,
  LoginSchema,
  MeSchema,
  PasswordChangeSchema,
  PasswordResetConfirmSchema,
  PasswordResetRequestSchema,
  SignupSchema,
  VerifyEmailSchema,
} from '@rouages/shared/api/auth'
import type { SessionUser } from '../auth/sessions.ts'
import type { AppEnv } from '../http/context.ts'
import { perAddress, RATE_RULES } from '../http/rate-limit.ts'
import { baseUrl, clientAddress, type Services } from '../http/services.ts'
import { clearSessionCookie, requireAuth, setSessionCookie } from '../http/session.ts'
import { validate } from '../http/validate.ts'
import { describeMe } from '../services/me.ts'
import { errorResponses, jsonResponse } from './openapi-helpers.ts'

const json = jsonResponse
const errors = errorResponses

/** Accounts and sessions (G1): /api/auth/* */
export function authRoutes(s: Services) {
  const me = (user: SessionUser) => describeMe(user, s.etablissements)

  /** Opens a fresh session (never reusing one the client brought: no session fixation). */
  async function signIn(c: Context<AppEnv>, user: SessionUser) {
    const previous = c.get('auth')
    if (previous) await s.sessions.invalidate(previous.session.id)
    const { token, session } = await s.sessions.create(user.id)
    setSessionCookie(c, token, session.expiresAt, s.secureCookies)
    return me(user)
  }

  return new Hono<AppEnv>()
    .post(
      '/signup',
      describeRoute({
        tags: ['Comptes'],
        summary: 'Créer un compte',
        responses: { 200: json(AcceptedSchema, 'Demande prise en compte'), ...errors },
      }),
      validate('json', SignupSchema),
      async (c) => {
        s.limiter.hit([[`signup:ip:${clientAddress(c, s)}`, perAddress(s.authAddressLimit)]])
        const input = c.req.valid('json')
        const { userId } = await s.accounts.signup(input, baseUrl(c, s))
        if (userId) {
          await signIn(c, await s.accounts.user(userId))
          return c.json({ status: 'accepted' as const, message: 'Compte créé.', signedIn: true })
        }
        return c.json({
          status: 'accepted' as const,
          message:
            'Si cette adresse peut recevoir un compte, un e-mail vient de lui être envoyé avec un lien à ouvrir pour continuer.',
          signedIn: false,
        })
      },
    )
    .post(
      '/verify',
      describeRoute({
        tags: ['Comptes'],
        summary: 'Confirmer son adresse e-mail',
        responses: { 200: json(MeSchema, 'Connecté'), ...errors },
      }),
      validate('json', VerifyEmailSchema),
      async (c) => {
        const userId = await s.accounts.verifyEmail(c.req.valid('json').token)
        return c.json(await signIn(c, await s.accounts.user(userId)))
      },
    )
    .post(
      '/login',
      describeRoute({
        tags: ['Comptes'],
        summary: 'Se connecter',
        responses: { 200: json(MeSchema, 'Connecté'), ...errors },
      }),
      validate('json', LoginSchema),
      async (c) => {
        const { email, password } = c.req.valid('json')
        const accountKey = `login:account:${email}`
        s.limiter.hit([
          [`login:ip:${clientAddress(c, s)}`, perAddress(s.authAddressLimit)],
          [accountKey, RATE_RULES.loginPerAccount],
        ])
        const user = await s.accounts.login(email, password)
        s.limiter.reset(accountKey)
        return c.json(await signIn(c, user))
      },
    )
    .post(
      '/logout',
      describeRoute({
        tags: ['Comptes'],
        summary: 'Se déconnecter',
        responses: { 204: { description: 'Déconnecté' } },
      }),
      async (c) => {
        const auth = c.get('auth')
        if (auth) await s.sessions.invalidate(auth.session.id)
        clearSessionCookie(c, s.secureCookies)
        return c.body(null, 204)
      },
    )
    .get(
      '/me',
      describeRoute({
        tags: ['Comptes'],
        summary: 'Mon compte et mes établissements',
        responses: { 200: json(MeSchema, 'Connecté'), ...errors },
      }),
      async (c) => c.json(await me(requireAuth(c).user)),
    )
    .post(
      '/password-reset',
      describeRoute({
        tags: ['Comptes'],
        summary: 'Demander un lien de réinitialisation',
        responses: { 200: json(AcceptedSchema, 'Demande prise en compte'), ...errors },
      }),
      validate('json', PasswordResetRequestSchema),
      async (c) => {
        const { email } = c.req.valid('json')
        s.limiter.hit([
          [`reset:ip:${clientAddress(c, s)}`, perAddress(s.authAddressLimit)],
          [`reset:account:${email}`, RATE_RULES.resetPerAccount],
        ])
        await s.accounts.requestPasswordReset(email, baseUrl(c, s))
        return c.json({
          status: 'accepted' as const,
          message:
            'Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé avec un lien valable une heure.',
          signedIn: false,
        })
      },
    )
    .post(
      '/password-reset/confirm',
      describeRoute({
        tags: ['Comptes'],
        summary: 'Choisir un nouveau mot de passe',
        responses: { 200: json(MeSchema, 'Connecté'), ...errors },
      }),
      validate('json', PasswordResetConfirmSchema),
      async (c) => {
        const { token, password } = c.req.valid('json')
        const userId = await s.accounts.confirmPasswordReset(token, password)
        return c.json(await signIn(c, await s.accounts.user(userId)))
      },
    )
    .post(
      '/password',
      describeRoute({
        tags: ['Comptes'],
        summary: 'Changer de mot de passe',
        responses: { 200: json(MeSchema, 'Mot de passe changé'), ...errors },
      }),
      validate('json', PasswordChangeSchema),
      async (c) => {
        const { user } = requireAuth(c)
        const { currentPassword, newPassword } = c.req.valid('json')
        await s.accounts.changePassword(user.id, currentPassword, newPassword)
        // Every session ended, this one included: open a new one for this browser.
        c.set('auth', undefined)
        return c.json(await signIn(c, user))
      },
    )
}
