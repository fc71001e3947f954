// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { READY_DRAG_TYPE, setReadyDragData, useFileDrop } =
  await import('../../../../src/renderer/src/composables/file-drop')
const { useUploadsStore } = await import('../../../../src/renderer/src/stores/uploads.store')

/** A drag event as the browser hands it: types, files, data, and whether an inner target handled it. */
function dragEvent(data: { files?: File[]; items?: Record<string, string> }, handled = false): DragEvent {
  const items = { ...data.items }
  let prevented = handled
  return {
    dataTransfer: {
      get types() {
        return [...(data.files ? ['Files'] : []), ...Object.keys(items)]
      },
      files: data.files ?? [],
      getData: (type: string) => items[type] ?? '',
      setData: (type: string, value: string) => void (items[type] = value),
      dropEffect: 'none',
      effectAllowed: 'all',
    },
    get defaultPrevented() {
      return prevented
    },
    preventDefault: () => void (prevented = true),
    stopPropagation: () => undefined,
  } as unknown as DragEvent
}

let openDialog: ReturnType<typeof vi.fn>
beforeEach(() => {
  setActivePinia(createPinia())
  openDialog = vi.fn(async () => undefined)
  useUploadsStore().openDialog = openDialog as never
})

describe('useFileDrop', () => {
  it('opens the upload dialog with the dropped files and the target preselected', () => {
    const drop = useFileDrop({ printerIds: () => ['p1'], folder: () => '/usb/prints' })
    const file = new File(['G1'], 'benchy.gcode')
    drop.handlers.dragenter(dragEvent({ files: [file] }))
    const over = dragEvent({ files: [file] })
    drop.handlers.dragover(over)
    expect(drop.isOver.value).toBe(true)
    expect(over.defaultPrevented).toBe(true)
    drop.handlers.drop(dragEvent({ files: [file] }))
    expect(drop.isOver.value).toBe(false)
    expect(openDialog).toHaveBeenCalledWith({ files: [file], printerIds: ['p1'], folder: '/usb/prints' })
  })

  it('turns a dragged Ready-to-send item into its path', () => {
    const carrier = dragEvent({})
    setReadyDragData(carrier.dataTransfer!, { id: 'r1', path: '/slicer/cube.gcode', name: 'cube.gcode' })
    expect(carrier.dataTransfer!.types).toContain(READY_DRAG_TYPE)
    const items = { [READY_DRAG_TYPE]: carrier.dataTransfer!.getData(READY_DRAG_TYPE) }
    useFileDrop({ printerIds: ['p2'] }).handlers.drop(dragEvent({ items }))
    expect(openDialog).toHaveBeenCalledWith({
      files: [{ kind: 'path', path: '/slicer/cube.gcode' }],
      printerIds: ['p2'],
    })
  })

  it('lets the innermost target take the drop: the window stands down', () => {
    const card = useFileDrop({ printerIds: ['p1'] })
    const window = useFileDrop()
    const file = new File(['G1'], 'benchy.gcode')
    window.handlers.dragenter(dragEvent({ files: [file] }))
    const over = dragEvent({ files: [file] })
    card.handlers.dragover(over) // bubbles from the card…
    window.handlers.dragover(over) // …to the window
    expect(card.isOver.value).toBe(true)
    expect(window.isOver.value).toBe(false)
    const dropped = dragEvent({ files: [file] })
    card.handlers.drop(dropped)
    window.handlers.drop(dropped)
    expect(openDialog).toHaveBeenCalledTimes(1)
    expect(openDialog).toHaveBeenCalledWith({ files: [file], printerIds: ['p1'] })
  })

  it('ignores drags of other things (text, links) and disabled targets', () => {
    const drop = useFileDrop()
    const text = dragEvent({ items: { 'text/plain': 'hello' } })
    drop.handlers.dragover(text)
    expect(text.defaultPrevented).toBe(false)
    drop.handlers.drop(text)
    const disabled = useFileDrop({ disabled: () => true })
    disabled.handlers.drop(dragEvent({ files: [new File(['x'], 'a.gcode')] }))
    expect(openDialog).not.toHaveBeenCalled()
  })

  it('keeps the highlight while the pointer crosses children, and clears it on leaving', () => {
    const drop = useFileDrop()
    const e = (): DragEvent => dragEvent({ files: [] })
    drop.handlers.dragenter(e()) // the target
    drop.handlers.dragover(e())
    drop.handlers.dragenter(e()) // a child
    drop.handlers.dragleave(e()) // left the target for the child
    drop.handlers.dragover(e())
    expect(drop.isOver.value).toBe(true)
    drop.handlers.dragleave(e())
    expect(drop.isOver.value).toBe(false)
  })
})
