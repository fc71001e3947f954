// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'

vi.mock('../../../../src/renderer/src/api', async () => (await import('../fake-api')).apiModule())
const { READY_DRAG_TYPE, setReadyDragData, useFileDrop, useWindowDrop } =
  await import('../../../../src/renderer/src/composables/file-drop')
const { useUploadDialogStore } = await import('../../../../src/renderer/src/stores/upload-dialog.store')

/** A drag event as the browser hands it: types, files, data, and whether an inner target handled it. */
function dragEvent(
  data: { files?: File[]; items?: Record<string, string> },
  handled = false,
  target: unknown = null,
): DragEvent {
  const items = { ...data.items }
  let prevented = handled
  return {
    target,
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
  useUploadDialogStore().open = openDialog as never
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

  it('takes a drop on a folder inside the target into that folder, naming the folder under the pointer', () => {
    const row = { folder: '/usb/PROJEC~1' }
    const drop = useFileDrop({
      printerIds: ['p1'],
      folder: '/usb',
      innerFolders: {
        at: (target) => (target as typeof row | null)?.folder,
        folderOf: () => '/usb/Projects for 2026',
      },
    })
    const file = new File(['G1'], 'benchy.gcode')
    drop.handlers.dragover(dragEvent({ files: [file] }, false, row))
    expect(drop.overFolder.value).toBe('/usb/PROJEC~1')
    drop.handlers.dragover(dragEvent({ files: [file] }))
    expect(drop.overFolder.value).toBeUndefined()
    drop.handlers.drop(dragEvent({ files: [file] }, false, row))
    expect(openDialog).toHaveBeenLastCalledWith({
      files: [file],
      printerIds: ['p1'],
      folder: '/usb/Projects for 2026',
    })
    drop.handlers.drop(dragEvent({ files: [file] }))
    expect(openDialog).toHaveBeenLastCalledWith({ files: [file], printerIds: ['p1'], folder: '/usb' })
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

describe('useWindowDrop', () => {
  /** The window's drop zone on a stand-in window; events dispatched as the browser would. */
  function windowZone() {
    const target = new EventTarget() as unknown as Window
    const dropped: File[][] = []
    let dragging = { value: false }
    const wrapper = mount(
      defineComponent({
        setup() {
          dragging = useWindowDrop((files) => dropped.push(files), target).dragging
          return () => h('div')
        },
      }),
    )
    const fire = (type: string, event: DragEvent): DragEvent => {
      const real = new Event(type, { cancelable: true })
      Object.defineProperty(real, 'dataTransfer', { value: event.dataTransfer })
      target.dispatchEvent(real)
      return real as DragEvent
    }
    return { wrapper, dropped, dragging: () => dragging.value, fire }
  }

  it('lights up for files from the computer and hands them over on drop', () => {
    const zone = windowZone()
    const file = new File(['G1'], 'benchy.gcode')
    const over = zone.fire('dragover', dragEvent({ files: [file] }))
    expect(over.defaultPrevented).toBe(true)
    expect(zone.dragging()).toBe(true)
    zone.fire('drop', dragEvent({ files: [file] }))
    expect(zone.dragging()).toBe(false)
    expect(zone.dropped).toEqual([[file]])
    zone.wrapper.unmount()
  })

  it('leaves a Ready-to-send item to the printers it can be dropped on', () => {
    const zone = windowZone()
    const items = {
      [READY_DRAG_TYPE]: JSON.stringify({ id: 'r1', path: '/slicer/cube.gcode', name: 'cube' }),
    }
    const over = zone.fire('dragover', dragEvent({ items }))
    expect(over.defaultPrevented).toBe(false)
    expect(zone.dragging()).toBe(false)
    zone.fire('drop', dragEvent({ items }))
    expect(zone.dropped).toEqual([])
    zone.wrapper.unmount()
  })
})
