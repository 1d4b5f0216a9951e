//! Unit tests of the runtime, one module per runtime module (they see its `pub(crate)` items).

mod cbor;
mod http_support;
mod request_extras;
mod serde_support;
mod timestamp;
mod validation;
mod xml;

/// The size of the largest single allocation this thread has made since the last
/// [`largest_allocation_since`] reset: how the hostile-input tests show that a declared length is
/// never allocated up front.
pub(crate) fn largest_allocation_since(reset: bool) -> usize {
    LARGEST.with(|l| if reset { l.replace(0) } else { l.get() })
}

std::thread_local! {
    static LARGEST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The system allocator, noting the largest allocation of each thread (test builds only).
struct Counting;

// SAFETY: every call goes to the system allocator unchanged; the thread-local is a `Cell` with a
// const initializer, which never allocates.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: the caller's contract is passed on.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: the caller's contract is passed on.
        unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
    }
}

fn note(size: usize) {
    let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;
