// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { RemoteError } from '../../../../src/shared/errors'
import { answer, callsOf, resetFakeApi } from '../fake-api'
import { freshPinia, plugins, summary } from './fixtures'
import PrinterForm from '../../../../src/renderer/src/components/printer-form/PrinterForm.vue'
import {
  nextFreeColor,
  colorChoices,
  PRINTER_COLORS,
  testInput,
  updateInput,
  initialValues,
} from '../../../../src/renderer/src/components/printer-form/printer-form'
import { usePrintersStore } from '../../../../src/renderer/src/stores/printers.store'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())

let pinia: ReturnType<typeof freshPinia>
beforeEach(() => {
  resetFakeApi()
  pinia = freshPinia()
  document.body.innerHTML = ''
})

const mountForm = (printerId?: string) =>
  mount(PrinterForm, { props: { printerId }, global: { plugins: plugins(pinia) }, attachTo: document.body })

describe('the add printer form', () => {
  it('says what is missing, in sentences by the fields, and sends nothing', async () => {
    const form = mountForm()
    await form.get('form').trigger('submit')
    expect(form.text()).toContain('Give the printer a name, for example MK4-left.')
    expect(form.text()).toContain('Enter the printer’s address, for example 192.168.1.20.')
    expect(form.text()).toContain('Enter the password from the printer (Settings › Network › PrusaLink).')
    expect(form.get('#printer-name').attributes('aria-invalid')).toBe('true')
    expect(callsOf('printers.add')).toEqual([])
    // The message goes as soon as the field is right.
    await form.get('#printer-name').setValue('MK4-left')
    expect(form.text()).not.toContain('Give the printer a name')
    await form.get('#printer-address').setValue('not an address!')
    expect(form.text()).toContain('This does not look like an address.')
  })

  it('explains where the password is', () => {
    const form = mountForm()
    expect(form.text()).toContain(
      'The password is on the printer: Settings › Network › PrusaLink. The user is maker.',
    )
  })

  it('tests the connection and shows what it found before saving', async () => {
    answer('printers.test', {
      ok: true,
      family: 'buddy',
      model: 'MK4S',
      firmware: '6.2.4+8888',
      authScheme: 'digest',
      storages: [
        {
          name: 'usb',
          label: 'usb',
          type: 'USB',
          path: '/usb',
          readOnly: false,
          available: true,
          freeSpace: 12_000_000_000,
        },
      ],
    })
    const form = mountForm()
    await form.get('#printer-address').setValue('192.168.1.20')
    await form.get('#printer-secret').setValue('s3cret')
    await form.get('[data-testid="test-connection"]').trigger('click')
    await flushPromises()
    expect(callsOf('printers.test')).toEqual([
      { address: '192.168.1.20', authMode: 'auto', username: 'maker', secret: 's3cret' },
    ])
    const result = form.get('[data-testid="connection-result"]').text()
    expect(result).toContain('Connected')
    expect(result).toContain('Buddy firmware')
    expect(result).toContain('MK4S')
    expect(result).toContain('6.2.4+8888')
    expect(result).toContain('password (digest)')
    expect(result).toContain('usb (12 GB free)')
  })

  it('shows a refused password as the sentence and the hint', async () => {
    answer('printers.test', {
      ok: false,
      error: {
        code: 'AUTH_FAILED',
        message: 'The printer refused the password.',
        hint: 'Check it on the printer: Settings › Network › PrusaLink.',
      },
    })
    const form = mountForm()
    await form.get('#printer-address').setValue('192.168.1.20')
    await form.get('#printer-secret').setValue('wrong')
    await form.get('[data-testid="test-connection"]').trigger('click')
    await flushPromises()
    expect(form.get('[data-testid="connection-error"]').text()).toBe(
      'The printer refused the password. Check it on the printer: Settings › Network › PrusaLink.',
    )
  })

  it('adds the printer with what was typed', async () => {
    answer('printers.add', (input: object) => ({ ...summary('new'), ...input }))
    const form = mountForm()
    await form.get('#printer-name').setValue('  MK4-left ')
    await form.get('#printer-address').setValue('mk4.local')
    await form.get('#printer-secret').setValue('pw')
    await form.findAll('[role="radio"]')[2]!.trigger('click')
    await form.get('form').trigger('submit')
    await flushPromises()
    expect(callsOf('printers.add')).toEqual([
      {
        name: 'MK4-left',
        address: 'mk4.local',
        authMode: 'auto',
        username: 'maker',
        secret: 'pw',
        color: '#8250df',
      },
    ])
    expect(form.emitted('saved')).toHaveLength(1)
  })
})

describe('the edit printer form', () => {
  it('keeps the saved password unless asked to change it, and sends only what changed', async () => {
    answer('printers.list', [summary('p1', { name: 'MK4-left', address: '192.168.1.20' })])
    answer('printers.live', [])
    await usePrintersStore().load()
    answer('printers.update', (input: object) => ({ ...summary('p1'), ...input }))
    const form = mountForm('p1')
    expect(form.text()).toContain('A password is saved.')
    expect(form.find('#printer-secret').exists()).toBe(false)
    await form.get('#printer-name').setValue('MK4-right')
    await form.get('form').trigger('submit')
    await flushPromises()
    expect(callsOf('printers.update')).toEqual([{ id: 'p1', name: 'MK4-right' }])
  })

  it('removes the printer after asking', async () => {
    answer('printers.list', [summary('p1', { name: 'MK4-left' })])
    answer('printers.live', [])
    await usePrintersStore().load()
    answer('printers.remove', undefined)
    const form = mountForm('p1')
    await form
      .findAll('button')
      .find((b) => b.text() === 'Remove printer')!
      .trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('Remove MK4-left?')
    expect(callsOf('printers.remove')).toEqual([])
    const confirm = Array.from(document.querySelectorAll('[role="alertdialog"] button')).find(
      (b) => b.textContent?.trim() === 'Remove',
    ) as HTMLButtonElement
    confirm.click()
    await flushPromises()
    expect(callsOf('printers.remove')).toEqual([{ id: 'p1' }])
    expect(form.emitted('removed')).toHaveLength(1)
  })

  it('keeps asking, with the reason, when main refuses to remove the printer', async () => {
    answer('printers.list', [summary('p1', { name: 'MK4-left' })])
    answer('printers.live', [])
    await usePrintersStore().load()
    answer('printers.remove', () => {
      throw new RemoteError({
        code: 'NOT_SAVED',
        message: 'LinkDeck could not save its printers.',
        hint: 'Check that its data folder can be written.',
      })
    })
    const form = mountForm('p1')
    await form
      .findAll('button')
      .find((b) => b.text() === 'Remove printer')!
      .trigger('click')
    await flushPromises()
    const confirm = Array.from(document.querySelectorAll('[role="alertdialog"] button')).find(
      (b) => b.textContent?.trim() === 'Remove',
    ) as HTMLButtonElement
    confirm.click()
    await flushPromises()
    const dialog = document.querySelector('[role="alertdialog"]')
    expect(dialog?.textContent).toContain(
      'LinkDeck could not save its printers. Check that its data folder can be written.',
    )
    expect(form.emitted('removed')).toBeUndefined()
    expect(usePrintersStore().summaryOf('p1')?.name).toBe('MK4-left')
  })
})

describe('the printer form’s colours', () => {
  it('shows the printer’s current colour chosen when editing, a colour of its own too', async () => {
    usePrintersStore().setSummaries([
      summary('p1', { color: '#8250DF' }),
      summary('p2', { name: 'Custom', color: '#abcdef' }),
    ])
    const checked = (form: ReturnType<typeof mountForm>) =>
      form.findAll('[role="radio"][aria-checked="true"]').map((r) => r.attributes('aria-label'))
    expect(checked(mountForm('p1'))).toEqual(['Color #8250df'])
    document.body.innerHTML = ''
    expect(checked(mountForm('p2'))).toEqual(['Color #abcdef'])
  })

  it('offers a new printer the colour no other printer has', () => {
    usePrintersStore().setSummaries([summary('p1', { color: '#1f6feb' })])
    const form = mountForm()
    expect(form.find('[role="radio"][aria-checked="true"]').attributes('aria-label')).toBe('Color #2f9e57')
  })
})

describe('the printer form rules', () => {
  it('picks a color nobody uses', () => {
    expect(nextFreeColor([summary('a', { color: '#1f6feb' }), summary('b', { color: '#2F9E57' })])).toBe(
      '#8250df',
    )
  })

  it('shows a printer’s own colour among the choices when it is not one of the palette’s', () => {
    expect(colorChoices('#1f6feb')).toEqual([...PRINTER_COLORS])
    expect(colorChoices('#ABCDEF')).toEqual([...PRINTER_COLORS, '#abcdef'])
    expect(colorChoices(undefined)).toEqual([...PRINTER_COLORS])
  })

  it('tests a saved printer by id only when its address and sign-in are unchanged', () => {
    const printer = summary('p1', { address: '10.0.0.5' })
    const values = initialValues(printer, [])
    expect(testInput(values, printer)).toEqual({ id: 'p1' })
    expect(testInput({ ...values, address: '10.0.0.6' }, printer)).toBeUndefined()
    expect(
      testInput({ ...values, address: '10.0.0.6', changeSecret: true, secret: 'x' }, printer),
    ).toMatchObject({
      address: '10.0.0.6',
      secret: 'x',
    })
  })

  it('sends a new secret only when the user changes it', () => {
    const printer = summary('p1')
    const values = initialValues(printer, [])
    expect(updateInput(values, printer)).toEqual({ id: 'p1' })
    expect(updateInput({ ...values, changeSecret: true, secret: 'new' }, printer)).toEqual({
      id: 'p1',
      secret: 'new',
    })
  })
})
