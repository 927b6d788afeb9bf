import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The glossary (shared/glossary.md) gives one word per concept per language. These checks keep the
// slips the native reviewers found (issue 18, item 8) from coming back in any locale file.

const DIR = fileURLToPath(new URL('../../locales', import.meta.url))
type Lang = 'en' | 'ru' | 'kk' | 'ka' | 'lv'
const TRANSLATED: Exclude<Lang, 'en'>[] = ['ru', 'kk', 'ka', 'lv']

/** Every leaf of every locale file of a language: `file:a.b.c` (plural suffix folded) -> texts. */
function texts(lng: Lang) {
  const out = new Map<string, string[]>()
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix.endsWith(':') ? `${prefix}${k}` : `${prefix}.${k}`
      if (v && typeof v === 'object') walk(v as Record<string, unknown>, key)
      else {
        const base = key.replace(/_(zero|one|two|few|many|other)$/, '')
        out.set(base, [...(out.get(base) ?? []), String(v)])
      }
    }
  }
  for (const file of fs.readdirSync(path.join(DIR, lng)).filter((f) => f.endsWith('.json'))) {
    walk(JSON.parse(fs.readFileSync(path.join(DIR, lng, file), 'utf8')), file.replace(/\.json$/, ':'))
  }
  return out
}
const en = texts('en')
const all = Object.fromEntries(TRANSLATED.map((l) => [l, texts(l)])) as Record<
  Exclude<Lang, 'en'>,
  Map<string, string[]>
>
const matching = (lng: Exclude<Lang, 'en'>, re: RegExp) =>
  [...all[lng]].flatMap(([key, ts]) => ts.filter((t) => re.test(t)).map((t) => `${key}: ${t}`))
const one = (lng: Lang, key: string) => {
  const t = (lng === 'en' ? en : all[lng]).get(key)
  expect(t, `${lng} ${key}`).toBeDefined()
  return t![0]
}

/** The word for a payment-system or transfer fee; the partner's commission must never use it. */
const FEE: Record<Exclude<Lang, 'en'>, RegExp> = {
  ru: /комисси/i,
  kk: /комисси/i,
  ka: /საფასურ/,
  lv: /komisij/i,
}

/** Wordings the reviewers flagged, per language: none may occur in any locale text. */
const FORBIDDEN: Record<Exclude<Lang, 'en'>, [RegExp, string][]> = {
  ru: [
    [/кредит/i, '"service credit" is a credit to the balance in the service, not a loan'],
    [
      /на удержании|удержание на|удержанн(ое|ые|ого|ая|ой) (начислени|вознагражд)|задерж/i,
      'hold is "в ожидании" / "на проверке", payouts on hold "приостановлены"',
    ],
    [/начисление \{\{amount|^начисление$/i, 'the commission is "вознаграждение"'],
    [/В какой стране вы находитесь/i, 'the country is the country of residence'],
    [/референс/i, 'the payment reference is "номер платежа", as the partner reads it'],
    [/эскал/i, 'an escalated dispute is "передан старшему специалисту"'],
    [/сторно/i, 'a reversal is "списано"'],
    [/в (вашу|его) пользу|в пользу партн/i, 'an upheld dispute is "удовлетворён", a rejected one "отклонён"'],
    [/^Сумма \*\{\{gross|сумма \{\{gross|к выплате \*?\{\{net/i, 'gross / net are "сумма до вычетов" / "к получению"'],
    [/юридическ(ое|ого) лиц/i, 'a partner is a "физическое лицо" or a "компания", as they chose when joining'],
    [/(?<=[\p{Ll},;:] )(Вы|Вам|Вас|Ваш\p{L}*)(?!\p{L})/u, '"вы" is written in lowercase in the UI'],
    [/отметк\p{L}* (на|для|о) проверк/iu, 'a review flag is a "флаг", as the flag itself and the dispute card say'],
  ],
  kk: [
    [/кредит/i, '"service credit" is "сервис балансына есептеу", not a loan'],
    [/(?<![\p{L}])шарт(?!тар)/iu, 'the agreement is "келісім"; "шарттар" is only the terms'],
    [
      /ұстап тұру|тексеру үшін ұстал|төлемдер ұстал/i,
      'on hold is "күтілуде", in review "тексерілуде", payouts on hold "тоқтатылды"',
    ],
    [/Қай елде тұрасыз/i, 'the country is the country of residence or registration'],
    [/референс/i, 'the payment reference is "төлем нөмірі", as the partner reads it'],
    [/есептен шығарылды|кері қайтарылды/i, 'a reversal is "шегерілді"'],
    [
      /пайда(ңызға|сына) шешілді|талабыңыз қабылданбады/i,
      'an upheld dispute is "қанағаттандырылды", a rejected one "қабылданбады"',
    ],
    [/Сомасы \*\{\{gross|сомасы \{\{gross|төленетіні|Алатын сомаңыз/i, 'gross / net are "жалпы сома" / "алатын сома"'],
    [/заңды тұлға/i, 'a partner is a "жеке тұлға" or a "компания", as they chose when joining'],
    [/мәртебе/i, 'a status is "күйі", not "мәртебе"'],
    [/(?<=[\p{Ll},;:] )Сіз/u, '"сіз" is written in lowercase in the UI'],
    [/Біз тарапта/, '"on our side" is "біздің тарапта"'],
    [
      /тіркеліп, алғашқы депозитін салмаған/,
      'a player not yet new did not sign up through the link OR made no first deposit, not "signed up and did not"',
    ],
    [
      /біреу алғанша/,
      'a sanction with no end stays until it is lifted by hand ("қолмен алынғанша"), not "until someone"',
    ],
  ],
  ka: [
    [/კრედიტ/, '"service credit" is "ჩარიცხვა სერვისის ბალანსზე", not a loan'],
    [
      /ჯილდოს განაკვეთ|შეჩერებული ჯილდო|ჯილდოების რაოდენობა/,
      'the commission is "საკომისიო"; "ჯილდო" is only the one-time reward',
    ],
    [/რომელ ქვეყანაში იმყოფებით/, 'the country is the country of residence'],
    [/რეფერენს/, 'the payment reference is "გადახდის ნომერი", as the partner reads it'],
    [/ესკალ/, 'an escalated dispute is "გადაეცა უფროს სპეციალისტს"'],
    [/სტორნო/, 'a reversal is "ჩამოწერილია"'],
    [
      /სასარგებლოდ გადაწყდა|არ დაკმაყოფილდა|დაკმაყოფილებული/,
      'an upheld dispute "დაკმაყოფილდა", a rejected one "უარყოფილია"',
    ],
    [/(^|· )თანხა \*?\{\{gross|გასაცემი \*|მისაღები თანხა/, 'gross / net are "მთლიანი თანხა" / "ხელზე ასაღები"'],
    [/იურიდიულ(ი)? პირ/, 'a partner is a "ფიზიკური პირი" or a "კომპანია", as they chose when joining'],
  ],
  lv: [
    [/bilanc/i, 'the balance is "konta atlikums"'],
    [/uzaicinājuma sai/i, 'the referral link is "ieteikuma saite" (seed 003)'],
    [/kredīt/i, '"service credit" is "ieskaitījums pakalpojuma kontā", not a loan'],
    [/Kurā valstī atrodaties/i, 'the country is the country of residence'],
    [/\batsauc(e|i|ei|es)\b/i, 'the payment reference is "maksājuma numurs", as the partner reads it'],
    [/eskal/i, 'an escalated dispute is "nodots vecākajam speciālistam"'],
    [/stornē/i, 'a reversal is "norakstīts"'],
    [/(jūsu|viņa) labā|pretenzija ir noraidīta/i, 'an upheld dispute is "apmierināts", a rejected one "noraidīts"'],
    [/(^|· )summa \*?\{\{gross|izmaksājams|Saņemamā summa/i, 'gross / net are "bruto summa" / "neto summa"'],
    [
      /fizisk(a|ā|ai) person|juridisk(a|ā|ai) person/i,
      'a partner is a "privātpersona" or an "uzņēmums", as they chose when joining',
    ],
    [
      /līdz kāds to/i,
      'a sanction with no end stays until it is lifted by hand ("līdz to atcels manuāli"), not "until someone"',
    ],
  ],
}

describe('glossary: one word per concept', () => {
  for (const lng of TRANSLATED) {
    for (const [re, why] of FORBIDDEN[lng]) {
      it(`${lng}: no ${re} (${why})`, () => {
        expect(matching(lng, re)).toEqual([])
      })
    }

    it(`${lng}: a fee and the partner's commission are different words`, () => {
      const feeMissing: string[] = []
      const commissionAsFee: string[] = []
      for (const [key, english] of en) {
        const translated = all[lng].get(key) ?? []
        const saysFee = english.some((t) => /\bfees?\b/i.test(t))
        const saysCommission = english.some((t) => /commission/i.test(t))
        for (const t of translated) {
          if (saysFee && !FEE[lng].test(t)) feeMissing.push(`${key}: ${t}`)
          if (saysCommission && !saysFee && FEE[lng].test(t)) commissionAsFee.push(`${key}: ${t}`)
        }
      }
      expect(feeMissing, 'fee texts without the fee word').toEqual([])
      expect(commissionAsFee, 'commission texts with the fee word').toEqual([])
    })

    it(`${lng}: the service-credit payout method has one name on the partner and the desk side`, () => {
      const name = one(lng, 'common:payout.method.service_credit')
      expect(one(lng, 'finance:finance.method.service_credit')).toBe(name)
    })
  }

  it('the dispute outcome and the gross / net labels use the glossary words, on the desk and in the partner texts', () => {
    const upheld: Record<Exclude<Lang, 'en'>, RegExp> = {
      ru: /удовлетворён/,
      kk: /қанағаттандырылды/,
      ka: /დაკმაყოფილდა/,
      lv: /apmierināts/,
    }
    const rejected: Record<Exclude<Lang, 'en'>, RegExp> = {
      ru: /отклонён/,
      kk: /қабылданбады/,
      ka: /უარყოფილია/,
      lv: /noraidīts/,
    }
    const gross: Record<Exclude<Lang, 'en'>, RegExp> = {
      ru: /сумма до вычетов/i,
      kk: /жалпы сома/i,
      ka: /მთლიანი თანხა/,
      lv: /bruto summa/i,
    }
    const net: Record<Exclude<Lang, 'en'>, RegExp> = {
      ru: /к получению/i,
      kk: /алатын сома/i,
      ka: /ხელზე ასაღები/,
      lv: /neto summa/i,
    }
    for (const lng of TRANSLATED) {
      for (const key of [
        'desk:desk.dispute.status.upheld',
        'disputes:disputes.status.upheld',
        'disputes:disputes.notify.upheld',
      ])
        expect(one(lng, key), `${lng} ${key}`).toMatch(upheld[lng])
      for (const key of [
        'desk:desk.dispute.status.rejected',
        'disputes:disputes.status.rejected',
        'disputes:disputes.notify.rejected',
      ])
        expect(one(lng, key), `${lng} ${key}`).toMatch(rejected[lng])
      for (const key of [
        'finance:finance.card.figures',
        'finance:finance.batch.total',
        'common:payout.flow.line_amount',
      ])
        expect(one(lng, key), `${lng} ${key}`).toMatch(gross[lng])
      for (const key of ['finance:finance.card.figures', 'finance:finance.batch.total', 'common:payout.flow.line_net'])
        expect(one(lng, key), `${lng} ${key}`).toMatch(net[lng])
    }
  })

  it('lv: the referral link is "ieteikuma saite", as in the program seed', () => {
    expect(one('lv', 'common:link.link')).toMatch(/ieteikuma saite/)
    expect(one('lv', 'common:commands.link')).toMatch(/ieteikuma saites/)
  })

  it('every language asks for the country of residence, not where the partner is now', () => {
    const residence: Record<Lang, RegExp> = {
      en: /country of residence/,
      ru: /страну проживания или регистрации/,
      kk: /Тұратын немесе тіркелген ел/,
      ka: /რეზიდენტ/,
      lv: /rezidences valst/,
    }
    for (const lng of ['en', ...TRANSLATED] as Lang[]) {
      expect(one(lng, 'common:join.country'), lng).toMatch(residence[lng])
      expect(one(lng, 'common:join.country_code'), lng).toMatch(
        lng === 'ru' ? /страны проживания или регистрации/ : lng === 'kk' ? /тіркелген еліңіздің/ : residence[lng],
      )
    }
  })
})
