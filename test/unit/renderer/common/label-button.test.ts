// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { Play } from 'lucide-vue-next'
import { describe, expect, it, vi } from 'vitest'

import LabelButton from '../../../../src/renderer/src/components/common/LabelButton.vue'

describe('LabelButton', () => {
  it('is named by its words, with the icon hidden from screen readers', () => {
    const wrapper = mount(LabelButton, { props: { icon: Play, label: 'Print' } })
    const button = wrapper.get('button')
    expect(button.attributes('type')).toBe('button')
    expect(button.text()).toBe('Print')
    const icon = button.get('svg')
    expect(icon.attributes('aria-hidden')).toBe('true')
    expect(icon.attributes('width')).toBe('15')
  })

  it('passes class, disabled, test id and clicks through to the button, and adds its slot after the words', async () => {
    const onClick = vi.fn()
    const wrapper = mount(LabelButton, {
      props: { icon: Play, label: 'Ready', iconSize: 16 },
      attrs: { class: 'btn btn-sm', 'data-testid': 'go', onClick },
      slots: { default: '<span class="count">3</span>' },
    })
    const button = wrapper.get('[data-testid="go"]')
    expect(button.classes()).toEqual(['btn', 'btn-sm'])
    expect(button.get('.count').text()).toBe('3')
    expect(button.get('svg').attributes('width')).toBe('16')
    await button.trigger('click')
    expect(onClick).toHaveBeenCalledTimes(1)

    const disabled = mount(LabelButton, { props: { icon: Play, label: 'Print' }, attrs: { disabled: true } })
    expect(disabled.get('button').attributes('disabled')).toBeDefined()
  })
})
